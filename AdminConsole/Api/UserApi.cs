using AdminConsole.Core.Audit;
using AdminConsole.Core.Users;
using AdminConsole.Protection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AdminConsole.Api;

public sealed record InviteRequest(string? Email, string? Role, string? Reason);

/// <summary>
/// User administration for scripts: the users page's service (<see cref="UserAdminService"/>), so the same rules
/// apply: SecurityAdmins only, a reason for every action, the last SecurityAdmin kept, invitations limited per admin.
/// </summary>
public static class UserApi
{
    public static RouteGroupBuilder MapUserApi(this RouteGroupBuilder api)
    {
        api.MapGet("/users", ListAsync);
        api.MapPost("/users", InviteAsync).DisableAntiforgery().RequireRateLimiting(RateLimiting.AdminUserCreation);
        api.MapPost("/users/{email}/disable", (string email, [FromBody] ReasonRequest? body, HttpContext http, UserAdminService users, CancellationToken ct) =>
            Act(users.DisableAsync(email, body?.Reason ?? "", AdminApi.Actor(http), ct))).DisableAntiforgery();
        api.MapPost("/users/{email}/enable", (string email, [FromBody] ReasonRequest? body, HttpContext http, UserAdminService users, CancellationToken ct) =>
            Act(users.EnableAsync(email, body?.Reason ?? "", AdminApi.Actor(http), ct))).DisableAntiforgery();
        api.MapPost("/users/{email}/roles/{role}", (string email, string role, [FromBody] ReasonRequest? body, HttpContext http, UserAdminService users, CancellationToken ct) =>
            Act(users.GrantRoleAsync(email, role, body?.Reason ?? "", AdminApi.Actor(http), ct))).DisableAntiforgery();
        api.MapDelete("/users/{email}/roles/{role}", (string email, string role, string? reason, HttpContext http, UserAdminService users, CancellationToken ct) =>
            Act(users.RemoveRoleAsync(email, role, reason ?? "", AdminApi.Actor(http), ct)));
        return api;
    }

    private static async Task<Results<Ok<Page<UserRow>>, BadRequestProblem>> ListAsync(string? search, bool? all, int? page, UserAdminService users, CancellationToken ct) =>
        page is < 0
            ? AdminAnswers.BadPage()
            : TypedResults.Ok(await users.ListAsync(new UserQuery(search, ConsoleOnly: all != true, Page: page ?? 0), ct));

    private static async Task<Results<Created<AdminMessage>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> InviteAsync(
        [FromBody] InviteRequest? body, HttpContext http, UserAdminService users, CancellationToken ct)
    {
        var result = await users.InviteAsync(body?.Email ?? "", body?.Role, body?.Reason ?? "", AdminApi.Actor(http), ct);
        return AdminAnswers.From(result, () => TypedResults.Created($"/api/admin/users/{Uri.EscapeDataString(body!.Email!.Trim())}", new AdminMessage(result.Message)));
    }

    private static async Task<Results<Ok<AdminMessage>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> Act(Task<AdminResult> action) =>
        AdminAnswers.Message(await action);
}
