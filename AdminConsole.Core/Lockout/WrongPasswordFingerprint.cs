namespace AdminConsole.Core.Lockout;

/// <summary>
/// A keyed fingerprint (HMAC-SHA256 under a server secret, cut to 128 bits) of one wrong password recently tried on
/// one user name, so that typing the same wrong password again is not counted again. Never the password or a plain
/// hash of it: without the server secret the fingerprint cannot be tested against guesses. Kept for the failure
/// window, at most <see cref="LockoutPolicyOptions.RepeatedPasswordsKept"/> per name.
/// </summary>
public sealed class WrongPasswordFingerprint
{
    /// <summary>The column's width; the fingerprints written today use 8 of it (32 bits, see <c>SignInSignals</c>).</summary>
    public const int FingerprintLength = 32;

    /// <summary>The normalised user name, as <see cref="AccountLockout.Key"/>.</summary>
    public required string Key { get; set; }

    /// <summary>128 bits of the HMAC, as hex.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>When this password was last tried.</summary>
    public DateTimeOffset At { get; set; }
}
