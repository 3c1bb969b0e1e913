namespace AdminConsole.Core.Lockout;

/// <summary>The counters of one user name at one moment.</summary>
public sealed record LockoutState(
    int Failures,
    int Tier,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? LockedAt,
    DateTimeOffset? LastFailureAt,
    int ConsecutiveFailures = 0,
    bool LockedByAdmin = false)
{
    public static readonly LockoutState Clean = new(0, 0, null, null, null);
}
