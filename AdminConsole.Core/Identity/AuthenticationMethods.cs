using System.Security.Claims;

namespace AdminConsole.Core.Identity;

/// <summary>
/// How a session was authenticated, as RFC 8176 "amr" values on the principal: Identity writes <c>pwd</c> for a
/// password and <c>mfa</c> after a second factor; a passkey sign-in is written as <c>pop</c> (proof of possession of
/// a key, with user verification: multi-factor on its own).
/// </summary>
public static class AuthenticationMethods
{
    public const string ClaimType = "amr";
    public const string MultiFactor = "mfa";
    public const string Passkey = "pop";

    public static bool IsMultiFactor(ClaimsPrincipal? principal) =>
        principal?.FindAll(ClaimType).Any(c => c.Value is MultiFactor or Passkey) == true;
}

/// <summary><c>Console:*</c>: what the console asks of the people who use it.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>
    /// SecurityAdmins and SecurityViewers reach console data only after a second factor (an authenticator code, a
    /// recovery code, or a passkey), OWASP ASVS 4.0.3 4.3.1. On by default.
    /// </summary>
    public bool RequireTwoFactor { get; set; } = true;
}
