using AdminConsole.Core.Lockout;

namespace AdminConsole.Tests.Unit;

public sealed class LockoutOptionsValidatorTests
{
    private static LockoutTier Tier(int failures, double? minutes) =>
        new() { Failures = failures, Duration = minutes is { } m ? TimeSpan.FromMinutes(m) : null };

    private static string? Validate(params LockoutTier[] tiers) => Validate(new LockoutPolicyOptions { Tiers = [.. tiers] });

    private static string? Validate(LockoutPolicyOptions options)
    {
        var result = new LockoutOptionsValidator().Validate(null, options);
        return result.Succeeded ? null : result.FailureMessage;
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Null(Validate([.. LockoutPolicyOptions.DefaultTiers()]));

    [Fact]
    public void A_minimum_interval_over_a_minute_or_negative_is_refused_naming_the_key()
    {
        Assert.Contains("Lockout:MinimumInterval must be from 00:00:00 (off) to 00:01:00",
            Validate(new LockoutPolicyOptions { Tiers = LockoutPolicyOptions.DefaultTiers(), MinimumInterval = TimeSpan.FromMinutes(2) }));
        Assert.Contains("Lockout:MinimumInterval",
            Validate(new LockoutPolicyOptions { Tiers = LockoutPolicyOptions.DefaultTiers(), MinimumInterval = TimeSpan.FromSeconds(-1) }));
        Assert.Null(Validate(new LockoutPolicyOptions { Tiers = LockoutPolicyOptions.DefaultTiers(), MinimumInterval = TimeSpan.Zero }));
    }

    [Fact]
    public void Remembering_no_repeated_password_or_too_many_is_refused_naming_the_key() =>
        Assert.Contains("Lockout:RepeatedPasswordsKept must be from 1 to 20",
            Validate(new LockoutPolicyOptions { Tiers = LockoutPolicyOptions.DefaultTiers(), RepeatedPasswordsKept = 0 }));

    [Fact]
    public void Tiers_that_do_not_increase_are_refused_naming_the_key() =>
        Assert.Contains("Lockout:Tiers:1:Failures (5) must be greater than Lockout:Tiers:0:Failures (5)", Validate(Tier(5, 15), Tier(5, 60), Tier(15, null)));

    [Fact]
    public void A_zero_duration_is_refused_naming_the_key() =>
        Assert.Contains("Lockout:Tiers:0:Duration must be positive", Validate(Tier(5, 0), Tier(10, 60), Tier(15, null)));

    [Fact]
    public void A_negative_duration_is_refused() =>
        Assert.Contains("Lockout:Tiers:1:Duration must be positive", Validate(Tier(5, 15), Tier(10, -5), Tier(15, null)));

    [Fact]
    public void A_shorter_later_duration_is_refused() =>
        Assert.Contains("Lockout:Tiers:1:Duration", Validate(Tier(5, 60), Tier(10, 15), Tier(15, null)));

    [Fact]
    public void A_last_tier_that_expires_is_refused_because_failures_would_be_unbounded() =>
        Assert.Contains("Lockout:Tiers:1:Duration must be empty", Validate(Tier(5, 15), Tier(10, 60)));

    [Fact]
    public void More_than_100_failures_before_the_final_lock_is_refused() =>
        Assert.Contains("Lockout:Tiers:1:Failures (101)", Validate(Tier(5, 15), Tier(101, null)));

    [Fact]
    public void Exactly_100_failures_before_the_final_lock_is_allowed() =>
        Assert.Null(Validate(Tier(5, 15), Tier(100, null)));

    [Fact]
    public void An_admin_only_tier_before_the_last_is_refused() =>
        Assert.Contains("Lockout:Tiers:0:Duration is empty", Validate(Tier(5, null), Tier(10, null)));

    [Fact]
    public void A_non_positive_failure_window_is_refused() =>
        Assert.Contains("Lockout:FailureWindow must be positive",
            Validate(new LockoutPolicyOptions { Tiers = LockoutPolicyOptions.DefaultTiers(), FailureWindow = TimeSpan.Zero }));

    [Fact]
    public void A_failure_window_under_an_hour_is_refused_naming_the_key() =>
        Assert.Contains("Lockout:FailureWindow (00:59:00) must be at least 01:00:00",
            Validate(new LockoutPolicyOptions { Tiers = [Tier(5, 15), Tier(10, 30), Tier(15, null)], FailureWindow = TimeSpan.FromMinutes(59) }));

    [Fact]
    public void A_failure_window_shorter_than_the_longest_lock_is_refused_naming_both_keys() =>
        Assert.Contains("Lockout:FailureWindow (02:00:00) must be at least the longest tier duration, Lockout:Tiers:1:Duration (03:00:00)",
            Validate(new LockoutPolicyOptions { Tiers = [Tier(5, 15), Tier(10, 180), Tier(15, null)], FailureWindow = TimeSpan.FromHours(2) }));

    [Fact]
    public void A_failure_window_as_long_as_the_longest_lock_is_allowed() =>
        Assert.Null(Validate(new LockoutPolicyOptions { Tiers = [Tier(5, 15), Tier(10, 180), Tier(15, null)], FailureWindow = TimeSpan.FromHours(3) }));

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Max_consecutive_failures_outside_1_to_100_is_refused_naming_the_key(int max) =>
        Assert.Contains($"Lockout:MaxConsecutiveFailures must be from 1 to 100 (was {max}",
            Validate(new LockoutPolicyOptions { Tiers = LockoutPolicyOptions.DefaultTiers(), MaxConsecutiveFailures = max }));

    [Fact]
    public void Max_consecutive_failures_defaults_to_the_nist_ceiling() =>
        Assert.Equal(100, new LockoutPolicyOptions().MaxConsecutiveFailures);

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Device_failures_outside_1_to_the_consecutive_limit_are_refused_naming_the_key(int failures) =>
        Assert.Contains($"Lockout:DeviceFailures must be from 1 to Lockout:MaxConsecutiveFailures (100) (was {failures})",
            Validate(new LockoutPolicyOptions { Tiers = LockoutPolicyOptions.DefaultTiers(), DeviceFailures = failures }));

    [Fact]
    public void Device_failures_default_to_5() => Assert.Equal(5, new LockoutPolicyOptions().DeviceFailures);

    [Fact]
    public void No_tiers_is_refused() => Assert.Contains("Lockout:Tiers must list at least one tier", Validate());
}
