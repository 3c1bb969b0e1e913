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

    public static List<LockoutTier> DefaultTiers() =>
    [
        new() { Failures = 5, Duration = TimeSpan.FromMinutes(15) },
        new() { Failures = 10, Duration = TimeSpan.FromHours(1) },
        new() { Failures = 15, Duration = null },
    ];
}
