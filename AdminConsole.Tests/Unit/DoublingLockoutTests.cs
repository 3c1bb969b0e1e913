using AdminConsole.Core.Lockout;
using Microsoft.Extensions.Time.Testing;

namespace AdminConsole.Tests.Unit;

/// <summary>The doubling mode: each lock lasts the previous one times the multiplier, up to the cap.</summary>
public sealed class DoublingLockoutTests
{
    private static LockoutPolicyOptions Doubling(double multiplier = 2, int failuresPerLock = 5, int maxConsecutive = 100, double maxHours = 24) => new()
    {
        Tiers = LockoutPolicyOptions.DefaultTiers(),
        Mode = LockoutMode.Doubling,
        FailuresPerLock = failuresPerLock,
        FirstDuration = TimeSpan.FromMinutes(15),
        Multiplier = multiplier,
        MaxDuration = TimeSpan.FromHours(maxHours),
        MaxConsecutiveFailures = maxConsecutive,
        FailureWindow = TimeSpan.FromHours(Math.Max(24, maxHours)),
    };

    /// <summary>Fails until a lock, then waits it out on the fake clock; returns each lock's length.</summary>
    private static List<TimeSpan?> LockLengths(LockoutPolicyOptions options, int locks)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var policy = new LockoutPolicy(new FixedOptions<LockoutPolicyOptions>(options));
        var state = LockoutState.Clean;
        var lengths = new List<TimeSpan?>();
        while (lengths.Count < locks)
        {
            var now = time.GetUtcNow();
            var decision = policy.Decide(state, passwordCorrect: false, now);
            state = decision.State;
            if (decision.Verdict == LockoutVerdict.LockedNow)
            {
                lengths.Add(decision.IsPermanent ? null : decision.State.LockedUntil - now);
                if (decision.IsPermanent)
                {
                    break;
                }

                time.SetUtcNow(decision.State.LockedUntil!.Value + TimeSpan.FromSeconds(1));
            }
            else
            {
                time.Advance(TimeSpan.FromSeconds(10));
            }
        }

        return lengths;
    }

    [Fact]
    public void Each_lock_lasts_twice_the_one_before_from_15_minutes()
    {
        var lengths = LockLengths(Doubling(), 5);

        Assert.Equal([15, 30, 60, 120, 240], lengths.Select(l => l!.Value.TotalMinutes));
    }

    [Fact]
    public void Locks_stop_growing_at_the_max_duration()
    {
        var lengths = LockLengths(Doubling(), 10);

        Assert.Equal([15, 30, 60, 120, 240, 480, 960, 1440, 1440, 1440], lengths.Select(l => l!.Value.TotalMinutes));
    }

    [Fact]
    public void The_multiplier_sets_the_growth()
    {
        var lengths = LockLengths(Doubling(multiplier: 3), 3);

        Assert.Equal([15, 45, 135], lengths.Select(l => l!.Value.TotalMinutes));
    }

    [Fact]
    public void The_consecutive_failure_cap_still_locks_until_an_admin_unlocks()
    {
        var lengths = LockLengths(Doubling(maxConsecutive: 20), 10);

        Assert.Equal(4, lengths.Count);
        Assert.Equal([15.0, 30, 60], lengths.Take(3).Select(l => l!.Value.TotalMinutes));
        Assert.Null(lengths[^1]);
    }

    [Fact]
    public void The_ladder_ends_with_the_admin_lock_at_the_consecutive_cap()
    {
        var tiers = Doubling().LockTiers();

        Assert.Equal(20, tiers.Count);
        Assert.Equal((5, TimeSpan.FromMinutes(15)), (tiers[0].Failures, tiers[0].Duration!.Value));
        Assert.Equal((95, TimeSpan.FromHours(24)), (tiers[^2].Failures, tiers[^2].Duration!.Value));
        Assert.Equal((100, (TimeSpan?)null), (tiers[^1].Failures, tiers[^1].Duration));
    }

    [Fact]
    public void Tier_mode_keeps_its_fixed_tiers()
    {
        var options = new LockoutPolicyOptions { Tiers = LockoutPolicyOptions.DefaultTiers() };

        Assert.Same(options.Tiers, options.LockTiers());
    }

    private static string? Validate(LockoutPolicyOptions options) =>
        new LockoutOptionsValidator().Validate(null, options) is { Failed: true } r ? r.FailureMessage : null;

    [Fact]
    public void The_doubling_defaults_are_valid() => Assert.Null(Validate(Doubling()));

    [Theory]
    [InlineData(0.5, "Lockout:Multiplier must be from 1 to 10 (was 0.5)")]
    [InlineData(11, "Lockout:Multiplier must be from 1 to 10 (was 11)")]
    public void A_multiplier_outside_1_to_10_is_refused_naming_the_key(double multiplier, string error) =>
        Assert.Contains(error, Validate(Doubling(multiplier: multiplier)));

    [Fact]
    public void A_max_duration_longer_than_the_failure_window_is_refused()
    {
        var options = Doubling(maxHours: 48);
        options.FailureWindow = TimeSpan.FromHours(24);

        Assert.Contains("Lockout:FailureWindow (1.00:00:00) must be at least Lockout:MaxDuration (2.00:00:00)", Validate(options));
    }

    [Fact]
    public void A_max_duration_shorter_than_the_first_lock_is_refused() =>
        Assert.Contains("Lockout:MaxDuration (00:10:00) must be at least Lockout:FirstDuration (00:15:00)",
            Validate(Doubling(maxHours: 10.0 / 60)));

    [Fact]
    public void Failures_per_lock_must_leave_room_below_the_consecutive_cap() =>
        Assert.Contains("Lockout:FailuresPerLock must be from 1 to less than Lockout:MaxConsecutiveFailures (20) (was 20)",
            Validate(Doubling(failuresPerLock: 20, maxConsecutive: 20)));
}
