using System.Security.Claims;
using AdminConsole.Components.Account;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AdminConsole.Api;

/// <summary>A signed-in user's own sessions: list them, end one, end all the others, or all of them (OWASP "log out everywhere").</summary>
public static class SessionApi
{
    /// <summary>A session as the API answers it.</summary>
    public sealed record SessionDto(string Id, bool Current, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string? Address, string? UserAgent, string Device, SessionKind Kind, IReadOnlyList<string> Applications);

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/account/sessions")
            .RequireAuthorization(TokenApi.CookieOrBearer)
            .DisableAntiforgery(); // JSON only; the cookie is SameSite=Lax, so no cross-site request carries it
        sessions.MapGet("", ListAsync);
        sessions.MapDelete("/{id}", EndAsync);
        sessions.MapPost("/sign-out-others", SignOutOthersAsync);
        sessions.MapPost("/sign-out-all", SignOutAllAsync);
        return app;
    }

    private static (string UserId, string? SessionId) Who(ClaimsPrincipal user) =>
        (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user.FindFirstValue(SessionCookies.SessionClaim));

    private static async Task<Ok<SessionDto[]>> ListAsync(ClaimsPrincipal user, SessionStore store, CancellationToken cancellationToken)
    {
        var (userId, current) = Who(user);
        var list = await store.ListAsync(userId, current, cancellationToken);
        return TypedResults.Ok(list.Select(s => new SessionDto(s.Id, s.Current, s.CreatedAt, s.LastSeenAt, s.Address, s.UserAgent, s.Device, s.Kind, s.Applications)).ToArray());
    }

    private static async Task<Results<NoContent, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>>> EndAsync(
        string id, ClaimsPrincipal user, HttpContext http, SessionStore store, CancellationToken cancellationToken)
    {
        var (userId, current) = Who(user);
        var ended = await store.EndAsync(userId, id, exceptId: null, user.Identity?.Name ?? "user", ClientInfo.From(http).Address,
            id == current ? "Signed out this session" : "Ended by the user from another session", cancellationToken);
        return ended == 0
            ? TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 404, Title = "No open session of yours has that id." })
            : TypedResults.NoContent();
    }

    private static async Task<Ok<SignedOut>> SignOutOthersAsync(ClaimsPrincipal user, HttpContext http, SessionStore store, CancellationToken cancellationToken)
    {
        var (userId, current) = Who(user);
        var ended = await store.EndAsync(userId, sessionId: null, exceptId: current, user.Identity?.Name ?? "user", ClientInfo.From(http).Address,
            "Signed out everywhere else by the user", cancellationToken);
        return TypedResults.Ok(new SignedOut(ended));
    }

    /// <summary>Ends every session of the user, this one too (the cookie is cleared; a bearer token's refresh tokens end with it).</summary>
    private static async Task<Ok<SignedOut>> SignOutAllAsync(ClaimsPrincipal user, HttpContext http, SessionStore store, CancellationToken cancellationToken)
    {
        var (userId, _) = Who(user);
        var ended = await store.EndAsync(userId, sessionId: null, exceptId: null, user.Identity?.Name ?? "user", ClientInfo.From(http).Address,
            "Signed out everywhere by the user", cancellationToken);
        if (http.Request.Cookies.Count > 0)
        {
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        }

        return TypedResults.Ok(new SignedOut(ended));
    }

    public sealed record SignedOut(int Ended);
}
