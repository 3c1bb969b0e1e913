namespace AdminConsole.Core.Lockout;

/// <summary>How lock lengths are chosen (<c>Lockout:Mode</c>).</summary>
public enum LockoutMode
{
    /// <summary>The fixed ladder in <c>Lockout:Tiers</c>.</summary>
    Tiers,

    /// <summary>
    /// Each lock lasts the previous one times <c>Lockout:Multiplier</c>, from <c>Lockout:FirstDuration</c> up to
    /// <c>Lockout:MaxDuration</c>; <c>Lockout:MaxConsecutiveFailures</c> still locks until an admin unlocks.
    /// </summary>
    Doubling,
}
