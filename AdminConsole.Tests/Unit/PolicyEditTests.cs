using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Policy;
using AdminConsole.Protection;

namespace AdminConsole.Tests.Unit;

/// <summary>The Policy page's edit models: each field comes from and goes back to the option of the same name.</summary>
public sealed class PolicyEditTests
{
    private static LockoutPolicyOptions Lockout() => new()
    {
        Tiers =
        [
            new LockoutTier { Failures = 4, Duration = TimeSpan.FromMinutes(7) },
            new LockoutTier { Failures = 9, Duration = TimeSpan.FromHours(3) },
            new LockoutTier { Failures = 14, Duration = null },
        ],
        FailureWindow = TimeSpan.FromHours(11),
        MaxConsecutiveFailures = 77,
        DeviceFailures = 6,
        ShowRemainingAttempts = false,
        Mode = LockoutMode.Tiers,
        FailuresPerLock = 3,
        FirstDuration = TimeSpan.FromMinutes(20),
        Multiplier = 3.5,
        MaxDuration = TimeSpan.FromDays(2),
        CountRepeatedPasswordsOnce = false,
        RepeatedPasswordsKept = 8,
        MinimumInterval = TimeSpan.FromSeconds(4),
    };

    [Fact]
    public void The_lockout_policy_comes_back_unchanged_from_an_untouched_form()
    {
        var current = Lockout();

        var value = LockoutEdit.From(current).ToOptions(current)!;

        Assert.Equal(current.Tiers.Select(t => (t.Failures, t.Duration)), value.Tiers.Select(t => (t.Failures, t.Duration)));
        Assert.Equal(
            (current.FailureWindow, current.MaxConsecutiveFailures, current.DeviceFailures, current.ShowRemainingAttempts, current.Mode),
            (value.FailureWindow, value.MaxConsecutiveFailures, value.DeviceFailures, value.ShowRemainingAttempts, value.Mode));
        Assert.Equal(
            (current.FailuresPerLock, current.FirstDuration, current.Multiplier, current.MaxDuration),
            (value.FailuresPerLock, value.FirstDuration, value.Multiplier, value.MaxDuration));
        Assert.Equal(
            (current.CountRepeatedPasswordsOnce, current.RepeatedPasswordsKept, current.MinimumInterval),
            (value.CountRepeatedPasswordsOnce, value.RepeatedPasswordsKept, value.MinimumInterval));
    }

    [Fact]
    public void Doubling_takes_its_fields_from_the_form_and_keeps_the_tiers_for_a_switch_back()
    {
        var current = Lockout();
        var edit = LockoutEdit.From(current);
        edit.Mode = LockoutMode.Doubling;
        edit.FailuresPerLock = 6;
        edit.FirstDuration.Text = "5m";
        edit.Multiplier = 2;
        edit.MaxDuration.Text = "12h";
        edit.Tiers[0].Duration.Text = "not read in doubling mode";

        var value = edit.ToOptions(current)!;

        Assert.Equal((LockoutMode.Doubling, 6, TimeSpan.FromMinutes(5), 2.0, TimeSpan.FromHours(12)),
            (value.Mode, value.FailuresPerLock, value.FirstDuration, value.Multiplier, value.MaxDuration));
        Assert.Same(current.Tiers, value.Tiers);
    }

    [Fact]
    public void A_duration_that_does_not_read_gives_no_policy_and_says_why_on_its_field()
    {
        var current = Lockout();
        var edit = LockoutEdit.From(current);
        edit.Tiers[1].Duration.Text = "soon";

        Assert.Null(edit.ToOptions(current));
        Assert.Contains("\"soon\" is not a duration", edit.Tiers[1].Duration.Error);
        Assert.Null(edit.Tiers[0].Duration.Error);
        Assert.Null(edit.FailureWindow.Error);
    }

    [Fact]
    public void A_tier_is_added_before_the_last_a_step_below_it()
    {
        var edit = LockoutEdit.From(Lockout());

        edit.AddTier();

        Assert.Equal([4, 9, 13, 14], edit.Tiers.Select(t => t.Failures));
        Assert.Equal("3h", edit.Tiers[2].Duration.Text);
    }

    [Fact]
    public void Each_blocking_duration_maps_to_the_option_of_its_name()
    {
        var current = new AddressBlockingOptions
        {
            Failures = 12,
            Window = TimeSpan.FromMinutes(1),
            BlockDuration = TimeSpan.FromHours(2),
            MaxBlockDuration = TimeSpan.FromDays(3),
            RepeatWindow = TimeSpan.FromHours(4),
            HoneypotNames = ["admin", "root"],
        };
        var edit = BlockingEdit.From(current);
        Assert.Equal(["Counted within", "First block lasts", "Longest block", "Repeats double within"], edit.Durations.Select(d => d.Label));
        Assert.Same(edit.RepeatWindow, edit.Durations.Single(d => d.Label == "Repeats double within").Field);

        edit.RepeatWindow.Text = "5h";
        var value = edit.ToOptions(current)!;

        Assert.Equal((12, TimeSpan.FromMinutes(1), TimeSpan.FromHours(2), TimeSpan.FromDays(3), TimeSpan.FromHours(5)),
            (value.Failures, value.Window, value.BlockDuration, value.MaxBlockDuration, value.RepeatWindow));
        Assert.Equal(["admin", "root"], value.HoneypotNames);
        Assert.NotSame(current.HoneypotNames, value.HoneypotNames);
    }

    [Fact]
    public void Each_rate_limit_maps_to_the_option_of_its_name()
    {
        var current = new RateLimitOptions
        {
            SignIn = new() { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) },
            Registration = new() { PermitLimit = 2, Window = TimeSpan.FromMinutes(2) },
            PasswordReset = new() { PermitLimit = 3, Window = TimeSpan.FromMinutes(3) },
            AdminUserCreation = new() { PermitLimit = 4, Window = TimeSpan.FromMinutes(4) },
            Api = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(5) },
        };
        var edit = RateLimitsEdit.From(current);
        edit.Api.Permits = 50;
        edit.Api.Window.Text = "1h";

        var value = edit.ToOptions()!;

        Assert.Equal([(1, 1), (2, 2), (3, 3), (4, 4), (50, 60)],
            new[] { value.SignIn, value.Registration, value.PasswordReset, value.AdminUserCreation, value.Api }
                .Select(l => (l.PermitLimit, (int)l.Window.TotalMinutes)));
        Assert.Equal("Other API endpoints (SecurityAdmins exempt)", edit.Rows[^1].Label);
    }

    [Fact]
    public void A_rate_limit_window_that_does_not_read_gives_no_limits()
    {
        var edit = RateLimitsEdit.From(new RateLimitOptions());
        edit.Registration.Window.Text = "a while";

        Assert.Null(edit.ToOptions());
        Assert.NotNull(edit.Registration.Window.Error);
        Assert.Null(edit.SignIn.Window.Error);
    }
}
