namespace AdminConsole.Core.Lockout;

/// <summary>One step of the lockout ladder: reaching <see cref="Failures"/> locks the account.</summary>
public sealed class LockoutTier
{
    /// <summary>Failures since the last reset that trigger this tier.</summary>
    public int Failures { get; set; }

    /// <summary>How long the lock lasts; empty means until an admin unlocks.</summary>
    public TimeSpan? Duration { get; set; }
}
