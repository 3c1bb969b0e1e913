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

public sealed record LockRequest(string? Reason, DateTimeOffset? Until);

/// <summary>What the console shows about one address: the accounts it tried and every rule it has had.</summary>
public sealed record AddressView(string Address, IReadOnlyList<AddressTarget> Accounts, IReadOnlyList<IpRule> Rules, Page<AttemptRow> RecentAttempts);

public sealed record IpRuleRequest(string? Network, IpRuleKind? Kind, string? Reason, DateTimeOffset? ExpiresAt, string? Country = null);

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
        api.MapGet("/accounts", (string? search, AccountState? state, int? tier, int? page, AccountQueries accounts, CancellationToken ct) =>
            ListAccountsAsync(search, state, tier, page, accounts, ct, lockedOnly: false));
        api.MapGet("/accounts/locked", (AccountQueries accounts, int? page, CancellationToken ct) => ListAccountsAsync(null, null, null, page, accounts, ct, lockedOnly: true));
        api.MapGet("/accounts/{email}/lockout", GetLockoutAsync);
        api.MapPost("/accounts/{email}/unlock", UnlockAsync).DisableAntiforgery();
        api.MapPost("/accounts/{email}/lock", LockAsync).DisableAntiforgery();
        api.MapPost("/accounts/{email}/reset-failures", (string email, [FromBody] ReasonRequest? body, HttpContext http, AccountAdminService admin, CancellationToken ct) =>
            ActAsync(admin.ResetFailuresAsync(email, body?.Reason ?? "", Actor(http), ct))).DisableAntiforgery();
        api.MapPost("/accounts/{email}/sign-out-everywhere", (string email, [FromBody] ReasonRequest? body, HttpContext http, AccountAdminService admin, CancellationToken ct) =>
            ActAsync(admin.SignOutEverywhereAsync(email, body?.Reason ?? "", Actor(http), ct))).DisableAntiforgery();
        api.MapDelete("/accounts/{email}/devices", (string email, string? reason, HttpContext http, AccountAdminService admin, CancellationToken ct) =>
            ActAsync(admin.ForgetDevicesAsync(email, null, reason ?? "", Actor(http), ct)));
        api.MapGet("/attempts", ListAttemptsAsync);
        api.MapGet("/audit", ListAuditAsync);
        api.MapGet("/addresses/{address}", GetAddressAsync);
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

        var result = await rules.AddAsync(new NewAddressRule(body.Network ?? "", kind, body.Reason ?? "", body.ExpiresAt, body.Country), Actor(http), ct);
        return AdminAnswers.From(result, () => TypedResults.Created($"/api/admin/ip-rules/{result.Value!.Id}", result.Value));
    }

    private static async Task<Results<Ok<IpRule>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> EndRuleAsync(
        long id, string? reason, HttpContext http, AddressRuleService rules, CancellationToken ct)
    {
        var result = await rules.EndAsync(id, reason ?? "", Actor(http), ct);
        return AdminAnswers.From(result, () => TypedResults.Ok(result.Value));
    }

    /// <summary>
    /// The accounts page's list, 50 a page: search by email, filter by state (Active, Locked, LockedUntilUnlocked,
    /// Disabled) and lock tier; <c>/accounts/locked</c> is every account locked now, for a while or until unlocked.
    /// </summary>
    private static async Task<Results<Ok<Page<AccountRow>>, BadRequestProblem>> ListAccountsAsync(
        string? search, AccountState? state, int? tier, int? page, AccountQueries accounts, CancellationToken ct, bool lockedOnly)
    {
        return page is < 0 ? AdminAnswers.BadPage()
            : tier is < 0 ? new BadRequestProblem("tier must be 0 or more.")
            : TypedResults.Ok(await accounts.ListAsync(new AccountQuery(search, state, Page: page ?? 0, PageSize: 50, LockedOnly: lockedOnly, Tier: tier), ct));
    }

    private static async Task<Results<Ok<AdminMessage>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> LockAsync(
        string email, [FromBody] LockRequest? body, HttpContext http, AccountAdminService admin, CancellationToken ct) =>
        AdminAnswers.Message(await admin.LockAsync(email, body?.Reason ?? "", body?.Until, Actor(http), ct));

    private static async Task<Results<Ok<AdminMessage>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> ActAsync(Task<AdminResult> action) =>
        AdminAnswers.Message(await action);

    /// <summary>The attempts page's list as JSON, with the CSV export's filters, 50 a page (at most 500).</summary>
    private static async Task<Results<Ok<Page<AttemptRow>>, BadRequestProblem>> ListAttemptsAsync(
        DateTimeOffset? from, DateTimeOffset? to, LoginOutcome? outcome, string? userName, string? address, string? client, string? country, int? page, int? pageSize,
        AttemptQueries attempts, CancellationToken ct)
    {
        var query = new AttemptQuery(from, to, outcome, userName, address, Page: page ?? 0, PageSize: pageSize ?? 50, Client: client, Country: country);
        if (page is < 0)
        {
            return AdminAnswers.BadPage();
        }

        if (pageSize is < 1 or > AttemptQueries.MaxPageSize)
        {
            return new BadRequestProblem($"pageSize must be from 1 to {AttemptQueries.MaxPageSize}.");
        }

        return AttemptQueries.Validate(query) is { } error ? new BadRequestProblem(error) : TypedResults.Ok(await attempts.ListAsync(query, ct));
    }

    /// <summary>The audit log as on its page: by event type, and a search of actor, account, address or reason.</summary>
    private static async Task<Results<Ok<Page<SecurityEvent>>, BadRequestProblem>> ListAuditAsync(
        SecurityEventType? type, string? search, DateTimeOffset? from, DateTimeOffset? to, int? page, AuditQueries audit, CancellationToken ct)
    {
        if (page is < 0)
        {
            return AdminAnswers.BadPage();
        }

        return from > to
            ? new BadRequestProblem("from is after to.")
            : TypedResults.Ok(await audit.ListAsync(new AuditQuery(type, search, From: from, To: to, Page: page ?? 0), ct));
    }

    /// <summary>One address: the accounts it tried (with counts), every rule it has had, and its latest attempts.</summary>
    private static async Task<Results<Ok<AddressView>, BadRequestProblem>> GetAddressAsync(
        string address, AttemptQueries attempts, AddressRuleService rules, CancellationToken ct)
    {
        if (!System.Net.IPAddress.TryParse(address, out var parsed))
        {
            return new BadRequestProblem("address must be one IPv4 or IPv6 address.");
        }

        var canonical = ClientAddress.Canonical(parsed).ToString();
        return TypedResults.Ok(new AddressView(
            canonical,
            await attempts.TargetsOfAsync(canonical, ct),
            await rules.HistoryOfAsync(canonical, ct),
            await attempts.ListAsync(new AttemptQuery(Address: canonical), ct)));
    }

    private static NotFoundProblem NoAccount() => AdminAnswers.NotFound(AdminResult.NotFound.Message);
}
