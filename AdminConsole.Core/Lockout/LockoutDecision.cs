namespace AdminConsole.Core.Lockout;

/// <summary>What one attempt did to an account's lockout state.</summary>
public enum LockoutVerdict
{
    /// <summary>The correct password on an account that is not locked: counters reset.</summary>
    Allowed,

    /// <summary>A failure was counted and no tier was reached.</summary>
    Counted,

    /// <summary>This failure reached a tier and locked the account.</summary>
    LockedNow,

    /// <summary>The account was already locked: the attempt is recorded, not counted.</summary>
    AlreadyLocked,
}

/// <summary>The verdict with the state after it and what the user may be told.</summary>
public sealed record LockoutDecision(
    LockoutVerdict Verdict,
    LockoutState State,
    int? AttemptsRemaining)
{
    public bool IsLocked => Verdict is LockoutVerdict.LockedNow or LockoutVerdict.AlreadyLocked;

    public bool IsPermanent => IsLocked && State.LockedUntil == LockoutPolicy.UntilUnlocked;

    /// <summary>When the lock ends, or null when it is not locked or only an admin can unlock it.</summary>
    public DateTimeOffset? LockedUntil => IsLocked && !IsPermanent ? State.LockedUntil : null;
}
