using System.Security.Claims;
using AdminConsole.Components.Account;
using AdminConsole.Core.Sessions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using AdminConsole.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace AdminConsole.Api;

/// <summary>
/// Bearer access tokens beside the sign-in cookie: the token API's JWTs, signed with the OpenID Connect server's
/// current keys (<see cref="Core.OpenId.OpenIdKeyRing"/>), checked against the app's clock, and refused the moment
/// their session ends.
/// </summary>
internal static class TokenAuthentication
{
    /// <summary>Why a bearer token was refused, for the problem the 401 carries (<c>code</c>).</summary>
    public sealed record Refusal(string Code, string Title);

    private const string RefusalItem = "AdminConsole.TokenRefusal";

    /// <summary>The refusal of the request's bearer token, when one was sent and refused.</summary>
    public static Refusal? RefusalOf(HttpContext http) => http.Items[RefusalItem] as Refusal;

    public static WebApplicationBuilder AddTokenAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<ApiTokenOptions, ApiTokenOptionsValidator>(ApiTokenOptions.Section);
        services.TryAddScoped<TokenService>();
        services.AddAuthentication().AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptionsMonitor<OpenIddictServerOptions>, TimeProvider>((options, server, time) =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = server.CurrentValue.Issuer?.AbsoluteUri,
                ValidAudience = ApiTokenOptions.Audience,
                ValidTypes = ["at+jwt"],
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],

                // The keys as they are now: rotation rebuilds the server's options (OpenIdKeyRing).
                IssuerSigningKeyResolver = (_, _, _, _) => server.CurrentValue.SigningCredentials.Select(c => c.Key),
                NameClaimType = TokenService.NameClaim,
                RoleClaimType = TokenService.RoleClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
                RequireExpirationTime = true,
                RequireSignedTokens = true,
            };

            // The app's clock, not the machine's: lifetimes follow TimeProvider like every other rule here.
            options.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value - parameters.ClockSkew <= now) && expires is { } e && now < e + parameters.ClockSkew;
            };
            options.Events = new JwtBearerEvents
            {
                // An expired token (code token_expired, renew it with the refresh token) is told apart from one that
                // is refused for good (token_invalid: bad signature, ended session, account that may not sign in).
                OnChallenge = context =>
                {
                    if (context.AuthenticateFailure is { } failure)
                    {
                        context.HttpContext.Items[RefusalItem] = failure is SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException
                            ? new Refusal("token_expired", "The access token has expired: renew it with the refresh token.")
                            : new Refusal("token_invalid", "The access token is not valid: sign in again.");
                    }

                    return Task.CompletedTask;
                },
                OnTokenValidated = async context =>
                {
                    var principal = context.Principal!;
                    var session = principal.FindFirstValue(TokenService.SessionClaim);
                    var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                    if (session is null || !await sessions.IsOpenAsync(session, context.HttpContext.RequestAborted))
                    {
                        context.Fail("The session of this token has ended.");
                        return;
                    }

                    // A disabled or locked account's tokens stop at once, like its cookies.
                    var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<AppUser>>();
                    if (await users.FindByIdAsync(principal.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? "") is not { IsDisabled: false, PasswordChangeRequired: false } user
                        || await users.IsLockedOutAsync(user))
                    {
                        context.Fail("The account may not sign in now.");
                        return;
                    }

                    // The same claims the cookie's principal carries, so endpoints read one shape.
                    ((ClaimsIdentity)principal.Identity!).AddClaims(
                    [
                        new Claim(ClaimTypes.NameIdentifier, principal.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? ""),
                        new Claim(SessionCookies.SessionClaim, session),
                    ]);
                },
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(TokenApi.CookieOrBearer, policy => policy
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser());
        return builder;
    }
}
