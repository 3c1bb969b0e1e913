using System.Security.Claims;
using AdminConsole.Components.Account;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.OpenId;
using AdminConsole.Core.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenIddict.Server.AspNetCore;

namespace AdminConsole.Api;

/// <summary>
/// Tokens for API clients: the password goes through the same counted sign-in pipeline as the form, then the OpenID
/// Connect server issues a 15-minute JWT bound to a server-side session and a rotating refresh token. Refresh and
/// revoke are the server's own token and revocation endpoints in this API's JSON shapes
/// (<see cref="OpenId.ApiTokenProtocol"/>). See <see cref="TokenService"/>.
/// </summary>
public static class TokenApi
{
    /// <summary>The cookie or a bearer token: the endpoints that serve a signed-in person either way.</summary>
    public const string CookieOrBearer = "CookieOrBearer";

    public sealed record RefreshRequest(string? RefreshToken);

    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(ApiTokenClient.TokenPath, IssueAsync).AllowAnonymous().DisableAntiforgery()
            .RequireRateLimiting(Protection.RateLimiting.SignIn).WithSignInBody();
        app.MapGet("/api/account/me", Me).RequireAuthorization(CookieOrBearer);
        app.MapGet("/api/account/activity", ActivityAsync).RequireAuthorization(CookieOrBearer);
        return app;
    }

    private static async Task<IResult> IssueAsync(
        LoginRequest request,
        HttpContext http,
        AppSignInManager signInManager,
        TokenService tokens,
        IOptionsMonitor<LockoutPolicyOptions> lockout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var result = await signInManager.PasswordAndSecondFactorAsync(new PasswordSignIn(request.Email, request.Password)
        {
            SetsCookie = false,
            AuthenticatorCode = request.TwoFactorCode,
            RecoveryCode = request.RecoveryCode,
        });
        var user = result.Succeeded ? await signInManager.UserManager.FindByNameAsync(request.Email) : null;

        if (!result.Succeeded || user is null)
        {
            return AccountApi.Failure(http, result, lockout.CurrentValue.ShowRemainingAttempts, time.GetUtcNow());
        }

        if (user.PasswordChangeRequired)
        {
            return AccountApi.Problem(Protection.PasswordChangeGate.Problem());
        }

        var client = ClientInfo.From(http);
        var principal = await tokens.StartAsync(user, client.Address, client.UserAgent, cancellationToken);
        if (request.RefreshCookie)
        {
            OpenId.RefreshCookie.Ask(http);
        }

        return Results.SignIn(principal, null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Who the caller is, by cookie or bearer token.</summary>
    public sealed record MeAnswer(string? Email, string[] Roles, string? SessionId, string AuthenticatedBy);

    private static Ok<MeAnswer> Me(ClaimsPrincipal user) => TypedResults.Ok(new MeAnswer(
        user.Identity?.Name,
        user.Claims.Where(c => c.Type == ClaimTypes.Role || c.Type == TokenService.RoleClaim).Select(c => c.Value).Distinct().ToArray(),
        user.FindFirstValue(SessionCookies.SessionClaim),
        user.Identity?.AuthenticationType == IdentityConstants.ApplicationScheme ? "cookie" : "bearer"));

    /// <summary>The caller's own security log (sign-in attempts and account changes), newest first, 50 a page.</summary>
    private static async Task<Results<Ok<AdminConsole.Core.Accounts.ActivityPage>, BadRequestProblem>> ActivityAsync(
        int? page, ClaimsPrincipal user, AdminConsole.Core.Accounts.AccountActivity activity, CancellationToken cancellationToken) =>
        page is < 0 or > AdminConsole.Core.Accounts.AccountActivity.MaxPage
            ? new BadRequestProblem($"page must be from 0 to {AdminConsole.Core.Accounts.AccountActivity.MaxPage}.")
            : TypedResults.Ok(await activity.PageAsync(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", page ?? 0, cancellationToken));
}
