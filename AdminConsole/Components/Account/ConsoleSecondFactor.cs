using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace AdminConsole.Components.Account;

/// <summary>
/// Console data needs a second factor (<c>Console:RequireTwoFactor</c>, OWASP ASVS 4.0.3 4.3.1): a session signed in
/// with a password alone gets 403 from the admin API and is sent from the console to set up or use an authenticator.
/// </summary>
internal sealed class ConsoleSecondFactorRequirement : IAuthorizationRequirement;

internal sealed class ConsoleSecondFactorHandler(IOptionsMonitor<ConsoleOptions> console) : AuthorizationHandler<ConsoleSecondFactorRequirement>
{
    /// <summary>Where a console role without a second factor is sent, with the reason.</summary>
    public const string SetUpPath = "/Account/Manage/TwoFactorAuthentication?required=console";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ConsoleSecondFactorRequirement requirement)
    {
        if (!console.CurrentValue.RequireTwoFactor || AuthenticationMethods.IsMultiFactor(context.User))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether a refusal is for the missing second factor (the role itself is held).</summary>
    public static bool LacksSecondFactor(HttpContext http) =>
        SessionCookies.IsConsoleRole(http.User) && !AuthenticationMethods.IsMultiFactor(http.User)
        && http.RequestServices.GetRequiredService<IOptionsMonitor<ConsoleOptions>>().CurrentValue.RequireTwoFactor;
}
