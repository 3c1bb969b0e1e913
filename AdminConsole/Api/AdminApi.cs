using System.Security.Claims;
using AdminConsole.Core.Accounts;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.IpProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AdminConsole.Api;

public sealed record ReasonRequest(string? Reason);

public sealed record IpRuleRequest(string? Network, IpRuleKind? Kind, string? Reason, DateTimeOffset? ExpiresAt);

/// <summary>
/// The console's actions and reads for scripts: the same Core services, the same authorization (console roles to
/// read; the services themselves refuse actions from anyone but a SecurityAdmin), problem+json errors.
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin").RequireAuthorization(WebApplicationExtensions.ConsolePolicy).WithTags("Admin");
        api.MapGet("/accounts/{email}/lockout", GetLockoutAsync);
        api.MapPost("/accounts/{email}/unlock", UnlockAsync).DisableAntiforgery();
        api.MapGet("/accounts/{email}/attempts", GetAttemptsAsync);
        api.MapGet("/accounts/{email}/events", GetEventsAsync);
        api.MapGet("/stats", (DashboardQueries dashboard, CancellationToken ct) => dashboard.GetAsync(DashboardRange.Day, ct));
        api.MapGet("/ip-rules", (AddressRuleService rules, bool? includeEnded, CancellationToken ct) => rules.ListAsync(includeEnded ?? false, ct));
        api.MapPost("/ip-rules", AddRuleAsync).DisableAntiforgery();
        api.MapDelete("/ip-rules/{id:long}", EndRuleAsync);
        api.MapUserApi();
        return app;
    }

    internal static ConsoleActor Actor(HttpContext http) =>
        ConsoleActor.From(http.User, ClientInfo.From(http).Address);

    private static async Task<Results<Ok<AccountRow>, ProblemHttpResult>> GetLockoutAsync(string email, AccountQueries accounts, CancellationToken ct) =>
        await accounts.GetAsync(email, ct) is { } row ? TypedResults.Ok(row) : NotFound();

    private static async Task<Results<Ok<Page<AttemptRow>>, ProblemHttpResult>> GetAttemptsAsync(
        string email, int? page, AccountQueries accounts, AttemptQueries attempts, CancellationToken ct)
    {
        if (page is < 0)
        {
            return BadPage();
        }

        return await accounts.GetAsync(email, ct) is { } row
            ? TypedResults.Ok(await attempts.ListAsync(new AttemptQuery(UserId: row.UserId, Page: page ?? 0), ct))
            : NotFound();
    }

    /// <summary>The account's security log (locks, unlocks, resets, sessions ended, token reuse...), newest first, 50 a page.</summary>
    private static async Task<Results<Ok<Page<SecurityEvent>>, ProblemHttpResult>> GetEventsAsync(
        string email, int? page, AccountQueries accounts, AuditQueries audit, CancellationToken ct)
    {
        if (page is < 0)
        {
            return BadPage();
        }

        return await accounts.GetAsync(email, ct) is { } row
            ? TypedResults.Ok(await audit.ListAsync(new AuditQuery(TargetUserId: row.UserId, Page: page ?? 0), ct))
            : NotFound();
    }

    private static async Task<IResult> UnlockAsync(string email, [FromBody] ReasonRequest? body, HttpContext http, AccountAdminService admin, CancellationToken ct) =>
        ToHttp(await admin.UnlockAsync(email, body?.Reason ?? "", Actor(http), ct));

    private static async Task<IResult> AddRuleAsync([FromBody] IpRuleRequest? body, HttpContext http, AddressRuleService rules, CancellationToken ct)
    {
        if (body?.Kind is not { } kind)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["kind must be Deny or Allow."] });
        }

        var result = await rules.AddAsync(new NewAddressRule(body.Network ?? "", kind, body.Reason ?? "", body.ExpiresAt), Actor(http), ct);
        return result switch
        {
            { Forbidden: true } => Forbidden(),
            { Rule: { } rule } => TypedResults.Created($"/api/admin/ip-rules/{rule.Id}", rule),
            _ => TypedResults.ValidationProblem(result.Errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value })),
        };
    }

    private static async Task<IResult> EndRuleAsync(long id, string? reason, HttpContext http, AddressRuleService rules, CancellationToken ct)
    {
        var result = await rules.EndAsync(id, reason ?? "", Actor(http), ct);
        return result switch
        {
            { Forbidden: true } => Forbidden(),
            { Rule: { } rule } => TypedResults.Ok(rule),
            _ when result.Errors.ContainsKey("Id") => TypedResults.Problem(title: result.Errors["Id"], statusCode: StatusCodes.Status404NotFound),
            _ => TypedResults.ValidationProblem(result.Errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value })),
        };
    }

    internal static IResult ToHttp(AdminResult result) => result.Outcome switch
    {
        AdminOutcome.RateLimited => TypedResults.Problem(title: result.Message, statusCode: StatusCodes.Status429TooManyRequests),
        AdminOutcome.Done => TypedResults.Ok(new { message = result.Message }),
        AdminOutcome.Forbidden => Forbidden(),
        AdminOutcome.NotFound => NotFound(),
        AdminOutcome.NoChange => TypedResults.Problem(title: result.Message, statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.Problem(title: result.Message, statusCode: StatusCodes.Status400BadRequest),
    };

    internal static ProblemHttpResult BadPage() =>
        TypedResults.Problem(title: "page must be 0 or more.", statusCode: StatusCodes.Status400BadRequest);

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(title: AdminResult.NotFound.Message, statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(title: AdminResult.Forbidden.Message, statusCode: StatusCodes.Status403Forbidden);

    private static string Camel(string key) => char.ToLowerInvariant(key[0]) + key[1..];
}
