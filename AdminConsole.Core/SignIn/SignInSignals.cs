using System.Security.Cryptography;
using System.Text;
using AdminConsole.Core.Data;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Passwords;

using AdminConsole.Core.Identity;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.SignIn;

/// <summary>
/// What the sign-in pipeline reads from an attempt besides right or wrong: a keyed fingerprint of a wrong password
/// (so a retyped one counts once), whether the name is a honeypot, and whether a correct password is a common one.
/// </summary>
public sealed class SignInSignals(
    ServerSecrets secrets,
    IOptionsMonitor<LockoutPolicyOptions> lockout,
    IOptionsMonitor<AddressBlockingOptions> blocking,
    IOptionsMonitor<CommonPasswordOptions> passwords)
{
    /// <summary>The name of the shared secret the fingerprints are keyed with (<see cref="ServerSecrets"/>).</summary>
    public const string FingerprintSecret = "WrongPasswordFingerprint";

    private const int FingerprintBytes = 4;

    /// <summary>
    /// HMAC-SHA256 of the name and the password under a server secret every instance shares, cut to 32 bits; null
    /// when <c>Lockout:CountRepeatedPasswordsOnce</c> is off. Without the secret the value tests no guess; with it
    /// (a copy of the database and its key ring) 32 bits still match about one guess in four billion of any list,
    /// so the few stored values cannot be turned back into the passwords typed. A different wrong password taken for
    /// a repeat has odds of 5 in 2^32 and cannot be aimed at without the secret.
    /// </summary>
    public async Task<string?> WrongPasswordFingerprintAsync(string accountKey, string password, CancellationToken cancellationToken)
    {
        if (!lockout.CurrentValue.CountRepeatedPasswordsOnce)
        {
            return null;
        }

        var key = await secrets.GetAsync(FingerprintSecret, cancellationToken);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(accountKey + "\n" + password));
        return Convert.ToHexStringLower(mac.AsSpan(0, FingerprintBytes));
    }

    /// <summary>Whether <paramref name="typedName"/> is one of <c>AddressBlocking:HoneypotNames</c>.</summary>
    public bool IsHoneypot(string typedName) => HoneypotNames.Matches(blocking.CurrentValue.HoneypotNames, typedName);

    /// <summary>A correct password on the common-password list signs in only to a forced change (<c>Passwords:RequireChangeWhenCommon</c>).</summary>
    public bool RequiresChange(string password) => passwords.CurrentValue.RequireChangeWhenCommon && CommonPasswordValidator.IsCommon(password);
}
