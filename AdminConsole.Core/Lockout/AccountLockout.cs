namespace AdminConsole.Core.Lockout;

/// <summary>
/// The lockout counters of one user name. Real accounts and unknown names share this table, so a phantom
/// lock for a name that does not exist is the same row, the same statement and the same answer as a real one.
/// </summary>
public sealed class AccountLockout
{
    /// <summary>The normalised user name.</summary>
    public required string Key { get; set; }

    /// <summary>The account's id, when the name belongs to one.</summary>
    public string? UserId { get; set; }

    /// <summary>Counted failures since the last reset.</summary>
    public int Failures { get; set; }

    /// <summary>
    /// Counted failures since the last successful sign-in or admin unlock or reset; the failure window never
    /// forgets them (NIST SP 800-63B 5.2.2).
    /// </summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>The highest tier reached since the last reset (0 = none).</summary>
    public int Tier { get; set; }

    /// <summary>When the current lock ends; <see cref="LockoutPolicy.UntilUnlocked"/> for an admin-only lock.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset? LockedAt { get; set; }

    public DateTimeOffset? LastFailureAt { get; set; }

    public string? LastFailureAddress { get; set; }

    /// <summary>The lock was set by an admin: it holds for every device, known ones included.</summary>
    public bool LockedByAdmin { get; set; }

    public LockoutState ToState() => new(Failures, Tier, LockedUntil, LockedAt, LastFailureAt, ConsecutiveFailures, LockedByAdmin);
}
