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
        var api = app.MapGroup("/api/admin").RequireAuthorization(WebApplicationExtensions.ConsolePolicy).WithTags("Admin")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
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

    private static async Task<Results<Ok<AccountRow>, NotFoundProblem>> GetLockoutAsync(string email, AccountQueries accounts, CancellationToken ct) =>
        await accounts.GetAsync(email, ct) is { } row ? TypedResults.Ok(row) : NoAccount();

    private static async Task<Results<Ok<Page<AttemptRow>>, NotFoundProblem, BadRequestProblem>> GetAttemptsAsync(
        string email, int? page, AccountQueries accounts, AttemptQueries attempts, CancellationToken ct)
    {
        if (page is < 0)
        {
            return AdminAnswers.BadPage();
        }

        return await accounts.GetAsync(email, ct) is { } row
            ? TypedResults.Ok(await attempts.ListAsync(new AttemptQuery(UserId: row.UserId, Page: page ?? 0), ct))
            : NoAccount();
    }

    /// <summary>The account's security log (locks, unlocks, resets, sessions ended, token reuse...), newest first, 50 a page.</summary>
    private static async Task<Results<Ok<Page<SecurityEvent>>, NotFoundProblem, BadRequestProblem>> GetEventsAsync(
        string email, int? page, AccountQueries accounts, AuditQueries audit, CancellationToken ct)
    {
        if (page is < 0)
        {
            return AdminAnswers.BadPage();
        }

        return await accounts.GetAsync(email, ct) is { } row
            ? TypedResults.Ok(await audit.ListAsync(new AuditQuery(TargetUserId: row.UserId, Page: page ?? 0), ct))
            : NoAccount();
    }

    private static async Task<Results<Ok<AdminMessage>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> UnlockAsync(
        string email, [FromBody] ReasonRequest? body, HttpContext http, AccountAdminService admin, CancellationToken ct) =>
        AdminAnswers.Message(await admin.UnlockAsync(email, body?.Reason ?? "", Actor(http), ct));

    private static async Task<Results<Created<IpRule>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> AddRuleAsync(
        [FromBody] IpRuleRequest? body, HttpContext http, AddressRuleService rules, CancellationToken ct)
    {
        if (body?.Kind is not { } kind)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["kind must be Deny or Allow."] });
        }

        var result = await rules.AddAsync(new NewAddressRule(body.Network ?? "", kind, body.Reason ?? "", body.ExpiresAt), Actor(http), ct);
        return AdminAnswers.From(result, () => TypedResults.Created($"/api/admin/ip-rules/{result.Value!.Id}", result.Value));
    }

    private static async Task<Results<Ok<IpRule>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> EndRuleAsync(
        long id, string? reason, HttpContext http, AddressRuleService rules, CancellationToken ct)
    {
        var result = await rules.EndAsync(id, reason ?? "", Actor(http), ct);
        return AdminAnswers.From(result, () => TypedResults.Ok(result.Value));
    }

    private static NotFoundProblem NoAccount() => AdminAnswers.NotFound(AdminResult.NotFound.Message);
}
