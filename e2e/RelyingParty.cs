using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AdminConsole.E2E;

/// <summary>
/// A small ASP.NET Core application that signs its users in with AdminConsole over OpenID Connect
/// (Microsoft.AspNetCore.Authentication.OpenIdConnect, code flow with PKCE), on a loopback port of its own. Its
/// back-channel logout endpoint checks the logout token against AdminConsole's keys and ends the session it names:
/// the next request with that session's cookie is signed out and sent to sign in again.
/// </summary>
public sealed class RelyingParty : IAsyncDisposable
{
    public const string ClientId = "e2e-relying-party";

    private readonly ConcurrentDictionary<string, bool> endedSessions = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<string> firstLogout = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? app;

    /// <summary>Another host name than the console's (127.0.0.1), so each keeps its own cookies.</summary>
    public string BaseUrl { get; } = $"http://localhost:{Loopback.FreePort()}";

    public string RedirectUri => BaseUrl + "/signin-oidc";

    public string BackChannelLogoutUri => BaseUrl + "/backchannel-logout";

    /// <summary>The first valid logout token that arrived.</summary>
    public Task<string> FirstLogout => firstLogout.Task;

    public async Task StartAsync(string authority)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(BaseUrl);
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "relying-party";
                o.Events.OnValidatePrincipal = context =>
                {
                    if (context.Principal?.FindFirst("sid")?.Value is { } sid && endedSessions.ContainsKey(sid))
                    {
                        context.RejectPrincipal();
                    }

                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(o =>
            {
                o.Authority = authority;
                o.RequireHttpsMetadata = false; // AdminConsole in Development on loopback
                o.ClientId = ClientId;
                o.ResponseType = "code";
                o.ResponseMode = "query";
                o.UsePkce = true;
                o.Scope.Add("email");
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = "email";
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });
        builder.Services.AddAuthorization();
        app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/", (HttpContext http) => Results.Content(
            $"<!doctype html><title>Relying party</title><main><h1>Relying party</h1><p data-testid=\"rp-user\">Signed in as {System.Net.WebUtility.HtmlEncode(http.User.Identity?.Name)}</p></main>",
            "text/html")).RequireAuthorization();
        app.MapPost("/backchannel-logout", BackChannelLogoutAsync);
        await app.StartAsync();
    }

    /// <summary>OpenID Connect Back-Channel Logout 1.0, section 2.6: validate the logout token, end its session, answer 200.</summary>
    private async Task<IResult> BackChannelLogoutAsync(HttpContext http, IOptionsMonitor<OpenIdConnectOptions> oidc)
    {
        var form = await http.Request.ReadFormAsync();
        var options = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(http.RequestAborted);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(form["logout_token"].ToString(), new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidTypes = ["logout+jwt"],
        });
        if (!result.IsValid || !result.Claims.TryGetValue("sid", out var claim) || claim is not string sid || result.Claims.ContainsKey("nonce")
            || !result.Claims.ContainsKey("events"))
        {
            return Results.BadRequest();
        }

        endedSessions[sid] = true;
        firstLogout.TrySetResult(sid);
        return Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
