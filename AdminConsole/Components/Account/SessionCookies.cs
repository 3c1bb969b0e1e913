using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminConsole.Components.Account;

/// <summary>
/// The cookies a browser holds. Outside Development every one of them is <c>Secure</c> and the sign-in cookie carries
/// the <c>__Host-</c> prefix (no Domain, path /, HTTPS only: a sibling subdomain cannot plant or read it); in
/// Development they are <c>Secure</c> whenever the request is HTTPS, directly or through a trusted proxy's
/// <c>X-Forwarded-Proto</c>. Sessions end after an idle timeout and an absolute lifetime, shorter for console roles.
/// </summary>
internal static class SessionCookies
{
    /// <summary>When the session began (unix seconds): kept through renewals and security-stamp refreshes.</summary>
    public const string StartedClaim = "adminconsole:session_started";

    /// <summary>The server-side session this principal belongs to (<see cref="SessionTicketStore"/>).</summary>
    public const string SessionClaim = "adminconsole:sid";

    public const string DevelopmentName = "AdminConsole.Auth";
    public const string HostName = "__Host-AdminConsole.Auth";

    public static WebApplicationBuilder AddSessionCookies(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        var secure = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        var services = builder.Services;
        services.ConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = secure);
        services.AddAntiforgery(o =>
        {
            o.Cookie.SecurePolicy = secure;
            o.Cookie.Name = development ? "AdminConsole.Antiforgery" : "__Host-AdminConsole.Antiforgery";
        });
        services.TryAddSingleton<SessionTicketStore>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SessionLifetimeOptions>, SessionTicketStore>((options, lifetime, tickets) =>
            {
                options.SessionStore = tickets;
                options.Cookie.Name = development ? DevelopmentName : HostName;
                options.Cookie.Path = "/";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;

                // The cookie lives as long as the longest idle timeout; console roles are held to theirs below.
                options.ExpireTimeSpan = lifetime.Value.IdleTimeout;
                options.SlidingExpiration = true;
                var refreshStamp = options.Events.OnValidatePrincipal;
                options.Events.OnSigningIn = context =>
                {
                    if (context.Principal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == StartedClaim))
                    {
                        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                        identity.AddClaim(new Claim(StartedClaim, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
                    }

                    return Task.CompletedTask;
                };
                options.Events.OnValidatePrincipal = async context =>
                {
                    var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                    var limits = lifetime.Value.For(IsConsoleRole(context.Principal));
                    if (HasExpired(context.Principal, context.Properties.IssuedUtc, limits, now))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                        return;
                    }

                    // Slide at the role's own pace: renew once half of its idle timeout has passed.
                    if (context.Properties.IssuedUtc is { } issued && now - issued > limits.Idle / 2)
                    {
                        context.ShouldRenew = true;
                    }

                    await refreshStamp(context);
                };
            });

        // The security-stamp check rebuilds the principal every minute: carry the session's start across.
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = context =>
        {
            if (context.NewPrincipal?.Identity is ClaimsIdentity identity)
            {
                foreach (var type in new[] { StartedClaim, SessionClaim, AuthenticationMethods.ClaimType })
                {
                    foreach (var claim in context.CurrentPrincipal?.FindAll(type) ?? [])
                    {
                        if (!identity.HasClaim(type, claim.Value))
                        {
                            identity.AddClaim(new Claim(type, claim.Value));
                        }
                    }
                }
            }

            return Task.CompletedTask;
        });
        return builder;
    }

    public static bool IsConsoleRole(ClaimsPrincipal? principal) =>
        principal is not null && (principal.IsInRole(AppRoles.SecurityAdmin) || principal.IsInRole(AppRoles.SecurityViewer));

    /// <summary>Whether a session is past its absolute lifetime, or idle past its timeout since the cookie was last issued.</summary>
    public static bool HasExpired(ClaimsPrincipal? principal, DateTimeOffset? issued, (TimeSpan Idle, TimeSpan Absolute) limits, DateTimeOffset now)
    {
        if (issued is { } i && now - i > limits.Idle)
        {
            return true;
        }

        return principal?.FindFirst(StartedClaim)?.Value is not { } text
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || now - DateTimeOffset.FromUnixTimeSeconds(seconds) > limits.Absolute;
    }

    /// <summary>
    /// The posts that start a sign-in: they never reuse a session the browser already holds. (The second-factor and
    /// reset pages are reached after the sign-in page has ended any session; their antiforgery tokens are bound to
    /// whoever is signed in, so their cookie stays, and the ticket store refuses a renewal for another user.)
    /// </summary>
    private static readonly string[] SignInPosts =
        ["/Account/Login", "/api/account/login"];

    /// <summary>
    /// Session fixation (OWASP): a sign-in post arrives without the sign-in cookie, so the cookie handler starts a new
    /// session instead of renewing the one the browser held (on a shared browser, someone else's). Runs before
    /// authentication; <see cref="SessionTicketStore.RenewAsync(string, AuthenticationTicket, CancellationToken)"/>
    /// refuses a renewal for another user as a second line.
    /// </summary>
    public static IApplicationBuilder UseFreshSessionOnSignIn(this IApplicationBuilder app)
    {
        var name = app.ApplicationServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).Cookie.Name!;
        return app.Use((context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && SignInPosts.Any(p => context.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase))
                && context.Request.Headers.Cookie.Count > 0)
            {
                var kept = context.Request.Headers.Cookie.SelectMany(h => (h ?? "").Split(';'))
                    .Where(c => c.Split('=', 2)[0].Trim() is var n && n != name && !n.StartsWith(name + "C", StringComparison.Ordinal));
                context.Request.Headers.Cookie = string.Join(";", kept);
            }

            return next(context);
        });
    }
}
