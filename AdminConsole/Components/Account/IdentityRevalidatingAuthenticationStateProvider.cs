using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using AdminConsole.Core.Identity;

namespace AdminConsole.Components.Account;

// This is a server-side AuthenticationStateProvider that revalidates the security stamp for the connected user
// every minute while an interactive circuit is connected, so a locked, disabled or demoted user loses the console promptly.
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        IOptions<SessionLifetimeOptions> sessions,
        TimeProvider time)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A console left open does not outlive the session's absolute lifetime (the cookie checks idleness).
        var limits = sessions.Value.For(SessionCookies.IsConsoleRole(authenticationState.User));
        if (SessionCookies.HasExpired(authenticationState.User, issued: null, limits, time.GetUtcNow()))
        {
            return false;
        }

        // Get the user manager from a new scope to ensure it fetches fresh data
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (!await ValidateSecurityStampAsync(userManager, authenticationState.User))
        {
            return false;
        }

        var principal = authenticationState.User;
        if (principal.Identity?.Name is not { } name)
        {
            return false;
        }

        // A session ended by its user or an admin ends its open circuits too.
        if (principal.FindFirst(SessionCookies.SessionClaim)?.Value is not { } session
            || !await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Sessions.SessionStore>().IsOpenAsync(session, cancellationToken))
        {
            return false;
        }

        // Roles granted or removed since the circuit began end it too, whatever the stamp says (ASVS 8.3.2).
        var current = await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Audit.ConsoleAuthorization>()
            .CurrentRolesAsync(name, cancellationToken);
        return AppRoles.All.All(role => principal.IsInRole(role) == current.Contains(role));
    }

    private async Task<bool> ValidateSecurityStampAsync(UserManager<AppUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }
        else if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }
        else
        {
            var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            var userStamp = await userManager.GetSecurityStampAsync(user);
            return principalStamp == userStamp;
        }
    }
}
