using AdminConsole.Core.Lockout;
using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Unit;

public sealed class LockoutPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly LockoutPolicy Policy = new(new FixedOptions<LockoutPolicyOptions>(new LockoutPolicyOptions { Tiers = LockoutPolicyOptions.DefaultTiers() }));

    private static LockoutState Failed(int failures, int tier = 0, TimeSpan? ago = null) =>
        new(failures, tier, null, null, Now - (ago ?? TimeSpan.FromMinutes(1)));

    public static TheoryData<string, LockoutState, bool, LockoutVerdict, int, int, DateTimeOffset?, int?> Table => new()
    {
        // name, before, password correct, verdict, failures after, tier after, locked until, attempts left
        { "first failure", LockoutState.Clean, false, LockoutVerdict.Counted, 1, 0, null, 4 },
        { "fourth failure", Failed(3), false, LockoutVerdict.Counted, 4, 0, null, 1 },
        { "fifth failure locks 15 min", Failed(4), false, LockoutVerdict.LockedNow, 5, 1, Now.AddMinutes(15), 0 },
        { "sixth failure after unlock counts", Failed(5, 1), false, LockoutVerdict.Counted, 6, 1, null, 4 },
        { "tenth failure locks 1 h", Failed(9, 1), false, LockoutVerdict.LockedNow, 10, 2, Now.AddHours(1), 0 },
        { "fifteenth failure locks until admin", Failed(14, 2), false, LockoutVerdict.LockedNow, 15, 3, LockoutPolicy.UntilUnlocked, 0 },
        { "failure after 24 h quiet starts again", Failed(4, 0, TimeSpan.FromHours(24)), false, LockoutVerdict.Counted, 1, 0, null, 4 },
        { "failure after 24 h quiet forgets the tier", Failed(9, 1, TimeSpan.FromHours(25)), false, LockoutVerdict.Counted, 1, 0, null, 4 },
        { "failure just inside the window counts", Failed(4, 0, TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1)), false, LockoutVerdict.LockedNow, 5, 1, Now.AddMinutes(15), 0 },
        { "correct password resets", Failed(4), true, LockoutVerdict.Allowed, 0, 0, null, null },
        { "correct password while locked is refused", new LockoutState(5, 1, Now.AddMinutes(5), Now.AddMinutes(-10), Now.AddMinutes(-10)), true, LockoutVerdict.AlreadyLocked, 5, 1, Now.AddMinutes(5), 0 },
        { "failure while locked is not counted", new LockoutState(5, 1, Now.AddMinutes(5), Now.AddMinutes(-10), Now.AddMinutes(-10)), false, LockoutVerdict.AlreadyLocked, 5, 1, Now.AddMinutes(5), 0 },
        { "admin-only lock never expires", new LockoutState(15, 3, LockoutPolicy.UntilUnlocked, Now.AddDays(-400), Now.AddDays(-400)), true, LockoutVerdict.AlreadyLocked, 15, 3, LockoutPolicy.UntilUnlocked, 0 },
        { "expired lock lets the correct password in", new LockoutState(5, 1, Now, Now.AddMinutes(-15), Now.AddMinutes(-15)), true, LockoutVerdict.Allowed, 0, 0, null, null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Decides_as_the_table_says(
        string name, LockoutState before, bool passwordCorrect, LockoutVerdict verdict, int failures, int tier, DateTimeOffset? lockedUntil, int? attemptsLeft)
    {
        var decision = Policy.Decide(before, passwordCorrect, Now);

        Assert.True(verdict == decision.Verdict, $"{name}: verdict {decision.Verdict}");
        Assert.Equal(failures, decision.State.Failures);
        Assert.Equal(tier, decision.State.Tier);
        Assert.Equal(lockedUntil, decision.State.LockedUntil);
        Assert.Equal(attemptsLeft, decision.AttemptsRemaining);
    }

    private static LockoutPolicy PolicyWith(params (int Failures, double? Minutes)[] tiers) =>
        new(new FixedOptions<LockoutPolicyOptions>(new LockoutPolicyOptions
        {
            Tiers = [.. tiers.Select(t => new LockoutTier { Failures = t.Failures, Duration = t.Minutes is { } m ? TimeSpan.FromMinutes(m) : null })],
        }));

    [Fact]
    public void A_count_already_past_every_threshold_of_a_tightened_policy_locks_at_the_highest_tier_reached()
    {
        var tightened = PolicyWith((3, 15), (6, 60), (9, null));

        var decision = tightened.Decide(Failed(11), passwordCorrect: false, Now);

        Assert.Equal(LockoutVerdict.LockedNow, decision.Verdict);
        Assert.Equal((12, 3, LockoutPolicy.UntilUnlocked), (decision.State.Failures, decision.State.Tier, decision.State.LockedUntil));
    }

    [Fact]
    public void A_count_between_thresholds_of_a_tightened_policy_locks_at_the_tier_it_passed()
    {
        var tightened = PolicyWith((3, 15), (6, 60), (9, null));

        var decision = tightened.Decide(Failed(6, tier: 1), passwordCorrect: false, Now);

        Assert.Equal(LockoutVerdict.LockedNow, decision.Verdict);
        Assert.Equal((7, 2, Now.AddHours(1)), (decision.State.Failures, decision.State.Tier, decision.State.LockedUntil));
    }

    [Fact]
    public void A_failure_between_thresholds_of_a_tier_already_applied_counts_without_locking_again()
    {
        var decision = Policy.Decide(Failed(7, tier: 1), passwordCorrect: false, Now);

        Assert.Equal(LockoutVerdict.Counted, decision.Verdict);
        Assert.Equal((8, 1, 2), (decision.State.Failures, decision.State.Tier, decision.AttemptsRemaining));
    }

    [Fact]
    public void A_loosened_policy_still_locks_when_the_count_reaches_its_first_threshold()
    {
        var loosened = PolicyWith((20, 15), (40, 60), (60, null));

        var below = loosened.Decide(Failed(7, tier: 1), passwordCorrect: false, Now);
        var reached = loosened.Decide(Failed(19, tier: 1), passwordCorrect: false, Now);

        Assert.Equal((LockoutVerdict.Counted, 12), (below.Verdict, below.AttemptsRemaining));
        Assert.Equal(LockoutVerdict.LockedNow, reached.Verdict);
        Assert.Equal((20, 1, Now.AddMinutes(15)), (reached.State.Failures, reached.State.Tier, reached.State.LockedUntil));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(3, 0, 1)]
    [InlineData(4, 1, 0)]
    [InlineData(6, 1, 2)]
    [InlineData(8, 2, 0)]
    [InlineData(12, 0, 3)]
    [InlineData(12, 3, 0)]
    public void The_lock_tier_is_the_highest_threshold_reached(int failures, int tierBefore, int expected)
    {
        var tiers = PolicyWith((3, 15), (6, 60), (9, null)).Tiers;

        Assert.Equal(expected, LockoutPolicy.LockTier(tiers, failures, tierBefore));
    }

    [Fact]
    public void The_hundredth_consecutive_failure_locks_until_an_admin_unlocks_although_the_window_forgot_the_rest()
    {
        var quiet = new LockoutState(4, 0, null, null, Now.AddDays(-2), ConsecutiveFailures: 99);

        var decision = Policy.Decide(quiet, passwordCorrect: false, Now);

        Assert.Equal(LockoutVerdict.LockedNow, decision.Verdict);
        Assert.True(decision.IsPermanent);
        Assert.Equal((1, 3, 100), (decision.State.Failures, decision.State.Tier, decision.State.ConsecutiveFailures));
    }

    [Fact]
    public void The_failure_window_forgets_failures_but_not_consecutive_failures()
    {
        var quiet = new LockoutState(4, 0, null, null, Now.AddDays(-2), ConsecutiveFailures: 40);

        var decision = Policy.Decide(quiet, passwordCorrect: false, Now);

        Assert.Equal(LockoutVerdict.Counted, decision.Verdict);
        Assert.Equal((1, 41), (decision.State.Failures, decision.State.ConsecutiveFailures));
    }

    [Fact]
    public void Attempts_left_never_exceed_what_the_consecutive_limit_leaves()
    {
        var near = new LockoutState(0, 0, null, null, null, ConsecutiveFailures: 97);

        var decision = Policy.Decide(near, passwordCorrect: false, Now);

        Assert.Equal(2, decision.AttemptsRemaining);
    }

    [Fact]
    public void An_admin_only_lock_reports_no_end_time()
    {
        var decision = Policy.Decide(Failed(14, 2), passwordCorrect: false, Now);

        Assert.True(decision.IsPermanent);
        Assert.Null(decision.LockedUntil);
    }

    [Fact]
    public void A_temporary_lock_reports_its_end_time()
    {
        var decision = Policy.Decide(Failed(4), passwordCorrect: false, Now);

        Assert.False(decision.IsPermanent);
        Assert.Equal(Now.AddMinutes(15), decision.LockedUntil);
    }
}
