using System.Security.Claims;
using System.Text.Json;
using AdminConsole.Components.Account;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AdminConsole.Api;

/// <summary>
/// Tokens for API clients: the password goes through the same counted sign-in pipeline as the form, then a 15-minute
/// JWT bound to a server-side session and a rotating refresh token. See <see cref="TokenService"/>.
/// </summary>
public static class TokenApi
{
    /// <summary>The cookie or a bearer token: the endpoints that serve a signed-in person either way.</summary>
    public const string CookieOrBearer = "CookieOrBearer";

    public sealed record RefreshRequest(string? RefreshToken);

    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        var token = app.MapGroup(AccountApi.SignInPaths[1]).AllowAnonymous().DisableAntiforgery();
        token.MapPost("", IssueAsync).RequireRateLimiting(Protection.RateLimiting.SignIn).WithSignInBody();
        token.MapPost("/refresh", RefreshAsync).RequireRateLimiting(Protection.RateLimiting.SignIn);
        token.MapPost("/revoke", RevokeAsync).RequireRateLimiting(Protection.RateLimiting.SignIn);
        app.MapGet("/api/account/me", Me).RequireAuthorization(CookieOrBearer);
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
        var result = await signInManager.CheckPasswordByNameAsync(request.Email, request.Password);
        var user = result.Succeeded || result.RequiresTwoFactor ? await signInManager.UserManager.FindByNameAsync(request.Email) : null;
        if (result.RequiresTwoFactor && user is not null && (request.TwoFactorCode is not null || request.RecoveryCode is not null))
        {
            result = await signInManager.CheckSecondFactorAsync(user, request.TwoFactorCode, request.RecoveryCode);
        }

        if (!result.Succeeded || user is null)
        {
            return AccountApi.Failure(http, result, lockout.CurrentValue.ShowRemainingAttempts, time.GetUtcNow());
        }

        if (user.PasswordChangeRequired)
        {
            return AccountApi.Problem(Protection.PasswordChangeGate.Problem());
        }

        var client = ClientInfo.From(http);
        var pair = await tokens.StartAsync(user, client.Address, client.UserAgent, cancellationToken);
        return TypedResults.Ok(pair);
    }

    private static async Task<IResult> RefreshAsync(HttpContext http, TokenService tokens, CancellationToken cancellationToken)
    {
        if (await ReadAsync(http, cancellationToken) is not { RefreshToken: { Length: > 0 and <= 128 } refresh })
        {
            return AccountApi.Invalid(new Dictionary<string, string[]> { ["refreshToken"] = ["Send { \"refreshToken\": \"...\" }."] });
        }

        var result = await tokens.RefreshAsync(refresh, ClientInfo.From(http).Address, cancellationToken);
        return result.Outcome == RefreshOutcome.Issued
            ? TypedResults.Ok(result.Pair)
            : AccountApi.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "The refresh token is not valid.",
                Detail = "Sign in again to get new tokens.",
            });
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, TokenService tokens, CancellationToken cancellationToken)
    {
        if (await ReadAsync(http, cancellationToken) is not { RefreshToken: { Length: > 0 and <= 128 } refresh })
        {
            return AccountApi.Invalid(new Dictionary<string, string[]> { ["refreshToken"] = ["Send { \"refreshToken\": \"...\" }."] });
        }

        await tokens.RevokeAsync(refresh, cancellationToken);
        return TypedResults.NoContent(); // the same whether it was known: revoking tells nothing
    }

    /// <summary>Who the caller is, by cookie or bearer token.</summary>
    public sealed record MeAnswer(string? Email, string[] Roles, string? SessionId, string AuthenticatedBy);

    private static Ok<MeAnswer> Me(ClaimsPrincipal user) => TypedResults.Ok(new MeAnswer(
        user.Identity?.Name,
        user.Claims.Where(c => c.Type == ClaimTypes.Role || c.Type == TokenService.RoleClaim).Select(c => c.Value).Distinct().ToArray(),
        user.FindFirstValue(SessionCookies.SessionClaim),
        user.Identity?.AuthenticationType == IdentityConstants.ApplicationScheme ? "cookie" : "bearer"));

    private static async Task<RefreshRequest?> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.HasJsonContentType() || http.Request.ContentLength > 4096)
        {
            return null;
        }

        try
        {
            return await http.Request.ReadFromJsonAsync<RefreshRequest>(JsonSerializerOptions.Web, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
