namespace AdminConsole.Core.Lockout;

/// <summary>The tiered lockout policy, bound from <c>Lockout:*</c>.</summary>
public sealed class LockoutPolicyOptions
{
    public const string Section = "Lockout";

    /// <summary>The tiers in increasing order; empty means the defaults (5 -> 15 min, 10 -> 1 h, 15 -> admin).</summary>
    public List<LockoutTier> Tiers { get; set; } = [];

    /// <summary>Failures are forgotten after this long without a failure.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Failures since the last successful sign-in (or admin unlock or reset) that lock until an admin unlocks,
    /// whatever the window forgot: NIST SP 800-63B 5.2.2 allows no more than 100 consecutive failed attempts.
    /// </summary>
    public int MaxConsecutiveFailures { get; set; } = LockoutOptionsValidator.ConsecutiveFailureCeiling;

    /// <summary>
    /// Failures a known device may make on its own counter while the account is locked for new devices; reaching it
    /// locks that device for the duration of the account's tier (OWASP device cookies).
    /// </summary>
    public int DeviceFailures { get; set; } = 5;

    /// <summary>
    /// Whether a wrong password already tried on the name within <see cref="FailureWindow"/> is recorded without
    /// counting again (a retyped old password or typo tests no new guess).
    /// </summary>
    public bool CountRepeatedPasswordsOnce { get; set; } = true;

    /// <summary>How many recent wrong passwords per name are remembered for <see cref="CountRepeatedPasswordsOnce"/>.</summary>
    public int RepeatedPasswordsKept { get; set; } = 5;

    /// <summary>
    /// Failures of one name from one address closer together than this are flagged as automated (faster than a
    /// person types); zero turns the flag off.
    /// </summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether failure messages say how many attempts are left and until when a lock lasts.</summary>
    public bool ShowRemainingAttempts { get; set; } = true;

    /// <summary>Fixed <see cref="Tiers"/>, or locks that grow by <see cref="Multiplier"/> each time.</summary>
    public LockoutMode Mode { get; set; } = LockoutMode.Tiers;

    /// <summary>Doubling mode: every this many failures in the window lock again.</summary>
    public int FailuresPerLock { get; set; } = 5;

    /// <summary>Doubling mode: the length of the first lock.</summary>
    public TimeSpan FirstDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Doubling mode: each lock lasts the previous one times this (15, 30, 60 minutes...).</summary>
    public double Multiplier { get; set; } = 2;

    /// <summary>Doubling mode: no lock lasts longer than this.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The ladder in force: <see cref="Tiers"/>, or in <see cref="LockoutMode.Doubling"/> one tier every
    /// <see cref="FailuresPerLock"/> failures, each <see cref="Multiplier"/> times longer than the one before up to
    /// <see cref="MaxDuration"/>, ending (like every ladder) with the lock an admin lifts, at
    /// <see cref="MaxConsecutiveFailures"/>.
    /// </summary>
    public IReadOnlyList<LockoutTier> LockTiers() => Mode == LockoutMode.Doubling ? DoublingTiers() : Tiers;

    private List<LockoutTier> DoublingTiers()
    {
        var tiers = new List<LockoutTier>();
        var step = Math.Max(1, FailuresPerLock);
        var ticks = (double)FirstDuration.Ticks;
        for (var failures = step; failures < MaxConsecutiveFailures; failures += step)
        {
            tiers.Add(new LockoutTier { Failures = failures, Duration = TimeSpan.FromTicks((long)Math.Min(ticks, MaxDuration.Ticks)) });
            ticks = Math.Min(ticks * Multiplier, MaxDuration.Ticks);
        }

        tiers.Add(new LockoutTier { Failures = Math.Max(MaxConsecutiveFailures, tiers.Count == 0 ? 1 : tiers[^1].Failures + 1), Duration = null });
        return tiers;
    }

    public static List<LockoutTier> DefaultTiers() =>
    [
        new() { Failures = 5, Duration = TimeSpan.FromMinutes(15) },
        new() { Failures = 10, Duration = TimeSpan.FromHours(1) },
        new() { Failures = 15, Duration = null },
    ];
}
