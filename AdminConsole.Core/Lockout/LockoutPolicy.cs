namespace AdminConsole.Core.Lockout;

/// <summary>
/// The tiered lockout rule, pure: (state, outcome, now) -> decision. <see cref="LockoutStore"/>
/// runs the same rule as one SQL statement so that parallel failures cannot be lost; a data test holds the two
/// to the same results.
/// </summary>
public sealed class LockoutPolicy(IOptionsMonitor<LockoutPolicyOptions> options)
{
    /// <summary>The lock end of a lock that only an admin can lift.</summary>
    public static readonly DateTimeOffset UntilUnlocked = DateTimeOffset.MaxValue;

    /// <summary>The policy in force now: configuration, or what an admin stored in the console.</summary>
    public LockoutPolicyOptions Options => options.CurrentValue;

    public IReadOnlyList<LockoutTier> Tiers => Options.LockTiers();

    public static bool IsLocked(LockoutState state, DateTimeOffset now) => state.LockedUntil > now;

    /// <summary>
    /// Whether the owner may lift this lock with a mailed link: a temporary lock after failures, never an admin's
    /// lock, nor the lock only an admin lifts (<see cref="UntilUnlocked"/>: the consecutive-failure cap, NIST SP
    /// 800-63B 5.2.2, or a last tier without a duration), nor a lock on a name already at the consecutive-failure
    /// cap in force (lowered since the lock was set).
    /// </summary>
    public static bool OwnerMayLift(LockoutState state, DateTimeOffset now, int maxConsecutiveFailures = int.MaxValue) =>
        IsLocked(state, now) && !state.LockedByAdmin && state.LockedUntil != UntilUnlocked && state.ConsecutiveFailures < maxConsecutiveFailures;

    /// <summary>Failures at or before this moment no longer count.</summary>
    public DateTimeOffset WindowStart(DateTimeOffset now) => WindowStart(Options, now);

    /// <inheritdoc cref="WindowStart(DateTimeOffset)"/>
    public static DateTimeOffset WindowStart(LockoutPolicyOptions options, DateTimeOffset now) => now - options.FailureWindow;

    /// <summary>When a lock reached at <paramref name="now"/> through <paramref name="tier"/> ends.</summary>
    public static DateTimeOffset LockEnd(LockoutTier tier, DateTimeOffset now) =>
        tier.Duration is { } duration ? now + duration : UntilUnlocked;

    /// <summary>The decision for one attempt: a failure when <paramref name="passwordCorrect"/> is false.</summary>
    public LockoutDecision Decide(LockoutState before, bool passwordCorrect, DateTimeOffset now) => Decide(Options, before, passwordCorrect, now);

    /// <summary>
    /// <see cref="Decide(LockoutState, bool, DateTimeOffset)"/> under one snapshot of the policy: an attempt reads the
    /// policy once, so an admin changing it mid-attempt cannot give the statement and the answer different rules.
    /// </summary>
    public static LockoutDecision Decide(LockoutPolicyOptions options, LockoutState before, bool passwordCorrect, DateTimeOffset now)
    {
        if (IsLocked(before, now))
        {
            return Describe(options, before, counted: false, now);
        }

        if (passwordCorrect)
        {
            return new LockoutDecision(LockoutVerdict.Allowed, LockoutState.Clean, null);
        }

        var fresh = IsForgotten(options, before, now);
        var failures = (fresh ? 0 : before.Failures) + 1;
        var tierBefore = fresh ? 0 : before.Tier;
        var consecutive = before.ConsecutiveFailures + 1;
        var tiers = options.LockTiers();
        var after = ReachesConsecutiveLimit(options, consecutive)
            ? new LockoutState(failures, tiers.Count, UntilUnlocked, now, now, consecutive)
            : LockTier(tiers, failures, tierBefore) is var lockTier && lockTier == 0
                ? new LockoutState(failures, tierBefore, null, before.LockedAt, now, consecutive)
                : new LockoutState(failures, lockTier, LockEnd(tiers[lockTier - 1], now), now, now, consecutive);
        return Describe(options, after, counted: true, now);
    }

    /// <summary>
    /// Whether the failures in the window are forgotten: no failure within <see cref="LockoutPolicyOptions.FailureWindow"/>.
    /// In doubling mode a lock counts like a failure until it ends, so a lock as long as the window does not restart
    /// the ladder at its bottom: the next lock after it is as long again (up to the cap).
    /// <see cref="LockoutStore.CountFailureAsync"/> builds the same rule into its UPDATE.
    /// </summary>
    public static bool IsForgotten(LockoutPolicyOptions options, LockoutState before, DateTimeOffset now)
    {
        var windowStart = WindowStart(options, now);
        return (before.LastFailureAt is null || before.LastFailureAt <= windowStart)
            && (options.Mode != LockoutMode.Doubling || before.LockedUntil is null || before.LockedUntil <= windowStart);
    }

    /// <summary>
    /// Whether this many consecutive failures lock until an admin unlocks, whatever the tiers say: the window
    /// forgets failures, this count does not, so no account takes more than
    /// <see cref="LockoutPolicyOptions.MaxConsecutiveFailures"/> (NIST SP 800-63B 5.2.2).
    /// </summary>
    public bool ReachesConsecutiveLimit(int consecutiveFailures) => ReachesConsecutiveLimit(Options, consecutiveFailures);

    /// <inheritdoc cref="ReachesConsecutiveLimit(int)"/>
    public static bool ReachesConsecutiveLimit(LockoutPolicyOptions options, int consecutiveFailures) =>
        consecutiveFailures >= options.MaxConsecutiveFailures;

    /// <summary>
    /// The tier a counted failure locks at (0: none). Tiers apply by threshold reached: the highest tier whose
    /// threshold <paramref name="failures"/> has reached locks when it is above the tier already applied in this
    /// window, or when the count lands on its threshold. So a policy tightened mid-count locks at the next failure
    /// instead of never (the count is already past the new thresholds), and a policy loosened mid-count still locks
    /// at each new threshold; between thresholds of a tier already applied, failures count without locking again.
    /// <see cref="LockoutStore.CountFailureAsync"/> builds the same rule into its UPDATE.
    /// </summary>
    public static int LockTier(IReadOnlyList<LockoutTier> tiers, int failures, int tierBefore)
    {
        for (var i = tiers.Count - 1; i >= 0; i--)
        {
            if (failures >= tiers[i].Failures)
            {
                return i + 1 > tierBefore || failures == tiers[i].Failures ? i + 1 : 0;
            }
        }

        return 0;
    }

    /// <summary>Names the verdict for a state after an attempt that was (or was not) counted.</summary>
    public LockoutDecision Describe(LockoutState after, bool counted, DateTimeOffset now) => Describe(Options, after, counted, now);

    /// <inheritdoc cref="Describe(LockoutState, bool, DateTimeOffset)"/>
    public static LockoutDecision Describe(LockoutPolicyOptions options, LockoutState after, bool counted, DateTimeOffset now)
    {
        if (!counted)
        {
            return new LockoutDecision(LockoutVerdict.AlreadyLocked, after, 0);
        }

        if (IsLocked(after, now))
        {
            return new LockoutDecision(LockoutVerdict.LockedNow, after, 0);
        }

        var next = options.LockTiers().FirstOrDefault(t => t.Failures > after.Failures);
        var left = Math.Max(0, options.MaxConsecutiveFailures - after.ConsecutiveFailures);
        return new LockoutDecision(LockoutVerdict.Counted, after, next is null ? 0 : Math.Min(next.Failures - after.Failures, left));
    }
}
