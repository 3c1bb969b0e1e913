using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdminConsole.Core.Links;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace AdminConsole.Core.Lockout;

/// <summary>
/// The code in a self-service unlock link: the account, the lock it was issued for (its <c>LockedAt</c>, and the
/// security stamp, which every lock renews), and when it expires (<see cref="UnlockLinkOptions.UnlockLinkLifetime"/>
/// on the app's clock), encrypted and signed with the app's data-protection keys. Bound to one lock, a code stops
/// working once that lock is lifted or replaced, so it works once without a table of spent codes; a password change
/// or an admin's sign-out everywhere (a new stamp) spends it too.
/// </summary>
public sealed class UnlockLinks(IDataProtectionProvider protection, IOptionsMonitor<UnlockLinkOptions> options, PublicLinks links, TimeProvider time)
{
    public const string Path = "Account/Unlock";

    /// <summary>Longer codes are not read at all (a real one is about 200 characters).</summary>
    private const int MaxCodeLength = 1024;

    private readonly IDataProtector protector = protection.CreateProtector("AdminConsole.Lockout.UnlockLink.v1");

    /// <summary>A code for the lock of <paramref name="userId"/> set at <paramref name="lockedAt"/>.</summary>
    public string Create(string userId, string? securityStamp, DateTimeOffset lockedAt)
    {
        var expires = (time.GetUtcNow() + options.CurrentValue.UnlockLinkLifetime).ToUnixTimeMilliseconds();
        var payload = string.Join('\n', userId, securityStamp, Stamp(lockedAt), expires.ToString(CultureInfo.InvariantCulture));
        return WebEncoders.Base64UrlEncode(protector.Protect(Encoding.UTF8.GetBytes(payload)));
    }

    /// <summary>The link under <c>App:PublicBaseUrl</c> that carries <see cref="Create"/>'s code.</summary>
    public string LinkFor(string userId, string? securityStamp, DateTimeOffset lockedAt) =>
        links.To(Path, [new("userId", userId), new("code", Create(userId, securityStamp, lockedAt))]);

    /// <summary>
    /// Whether <paramref name="code"/> was issued here for <paramref name="userId"/> with this security stamp and the
    /// lock set at <paramref name="lockedAt"/>, and has not expired. Anything else, a mangled code included, is false.
    /// </summary>
    public bool IsValid(string? code, string userId, string? securityStamp, DateTimeOffset? lockedAt)
    {
        if (lockedAt is null || string.IsNullOrEmpty(code) || code.Length > MaxCodeLength)
        {
            return false;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(protector.Unprotect(WebEncoders.Base64UrlDecode(code))).Split('\n');
            return parts.Length == 4
                && parts[0] == userId
                && parts[1] == (securityStamp ?? "")
                && parts[2] == Stamp(lockedAt.Value)
                && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
                && time.GetUtcNow().ToUnixTimeMilliseconds() < expires;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }
    }

    /// <summary>Milliseconds: every provider keeps at least that much of a stored time (PostgreSQL keeps microseconds).</summary>
    private static string Stamp(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
