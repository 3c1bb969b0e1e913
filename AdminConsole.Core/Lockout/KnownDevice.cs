namespace AdminConsole.Core.Lockout;

/// <summary>
/// A device (browser or client) that signed in to an account: the server side of the device cookie, which carries
/// only <see cref="Id"/>. While the account is locked by a tier, the device keeps its own small counter
/// (<see cref="Failures"/>), so the owner is not locked out by strangers' guesses (OWASP, "Slow Down Online Guessing
/// Attacks with Device Cookies"). A revoked device is a stranger again.
/// </summary>
public sealed class KnownDevice
{
    public const int IdLength = 43;
    public const int UserAgentMaxLength = 256;
    public const int ReasonMaxLength = 200;

    /// <summary>256 random bits, base64url.</summary>
    public required string Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>The normalised user name the device signed in as: the cookie is good for this account only.</summary>
    public required string AccountKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>The client address of the latest sign-in from this device.</summary>
    public string? Address { get; set; }

    /// <summary>Failures counted on this device since its last successful sign-in (forgotten after the failure window).</summary>
    public int Failures { get; set; }

    public DateTimeOffset? LastFailureAt { get; set; }

    /// <summary>Until when this device has no lane of its own; <see cref="LockoutPolicy.UntilUnlocked"/> until an admin unlocks.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Who ended the device: an admin's name, "password change", ...</summary>
    public string? RevokedBy { get; set; }

    public string? RevokeReason { get; set; }

    public KnownDeviceState ToState() => new(Id, Failures, LastFailureAt, LockedUntil, RevokedAt is not null);
}
