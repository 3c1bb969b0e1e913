using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using AdminConsole.Core.Identity;

namespace AdminConsole.Components.Account;

// This is a server-side AuthenticationStateProvider that checks the connected user of an interactive circuit again
// (security stamp, session, roles) as soon as sessions end or a user's access changes anywhere (SessionSignal, after
// the change commits), and every minute besides: a locked, disabled or demoted user loses an open console at once.
internal sealed partial class IdentityRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly IServiceScopeFactory scopeFactory;
    private readonly IOptions<IdentityOptions> options;
    private readonly IOptions<SessionLifetimeOptions> sessions;
    private readonly TimeProvider time;
    private readonly AdminConsole.Core.Sessions.SessionSignal signal;
    private readonly ILogger logger;
    private readonly CancellationTokenSource closing = new();

    public IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        IOptions<SessionLifetimeOptions> sessions,
        TimeProvider time,
        AdminConsole.Core.Sessions.SessionSignal signal)
        : base(loggerFactory)
    {
        this.scopeFactory = scopeFactory;
        this.options = options;
        this.sessions = sessions;
        this.time = time;
        this.signal = signal;
        logger = loggerFactory.CreateLogger<IdentityRevalidatingAuthenticationStateProvider>();
        signal.Ended += CheckNow;
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    // Off the publisher's thread: whoever ended the sessions does not wait for every open console's check.
    private void CheckNow() => _ = Task.Run(CheckNowAsync);

    private async Task CheckNowAsync()
    {
        try
        {
            var state = await GetAuthenticationStateAsync();
            if (state.User.Identity?.IsAuthenticated == true && !await ValidateAuthenticationStateAsync(state, closing.Token))
            {
                SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or ObjectDisposedException))
        {
            LogCheckFailed(e); // the periodic check still runs
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            signal.Ended -= CheckNow;
            closing.Cancel();
            closing.Dispose();
        }

        base.Dispose(disposing);
    }

    [LoggerMessage(EventId = 5101, EventName = "CircuitCheckFailed", Level = LogLevel.Warning,
        Message = "An open console's user could not be checked after a session or access change; the periodic check will try again")]
    private partial void LogCheckFailed(Exception exception);

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
