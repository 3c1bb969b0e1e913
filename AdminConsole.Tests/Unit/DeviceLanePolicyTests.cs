using AdminConsole.Core.Lockout;

namespace AdminConsole.Tests.Unit;

/// <summary>Device lanes as a table: which lane an attempt takes, and how a device's own counter moves.</summary>
public sealed class DeviceLanePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly LockoutPolicy Policy = new(new FixedOptions<LockoutPolicyOptions>(new LockoutPolicyOptions { Tiers = LockoutPolicyOptions.DefaultTiers() }));
    private static readonly DeviceLanePolicy Lanes = new(Policy);

    private static readonly LockoutState Open = LockoutState.Clean;
    private static readonly LockoutState TierOne = new(5, 1, Now.AddMinutes(10), Now.AddMinutes(-5), Now.AddMinutes(-5), 5);
    private static readonly LockoutState TierThree = new(15, 3, LockoutPolicy.UntilUnlocked, Now.AddMinutes(-5), Now.AddMinutes(-5), 15);
    private static readonly LockoutState ConsecutiveCap = new(3, 3, LockoutPolicy.UntilUnlocked, Now.AddMinutes(-5), Now.AddMinutes(-5), 100);
    private static readonly LockoutState AdminLock = new(0, 0, Now.AddHours(2), Now.AddMinutes(-5), null, 0, LockedByAdmin: true);

    private static readonly KnownDeviceState Device = new("device-1", 0, null, null, Revoked: false);
    private static readonly KnownDeviceState LockedDevice = Device with { Failures = 5, LastFailureAt = Now.AddMinutes(-1), LockedUntil = Now.AddMinutes(14) };
    private static readonly KnownDeviceState RevokedDevice = Device with { Revoked = true };

    public static TheoryData<string, LockoutState, KnownDeviceState?, bool, SignInLane> Lanes_table => new()
    {
        { "not locked: the account's lane, device or not", Open, Device, false, SignInLane.Account },
        { "not locked, no device", Open, null, false, SignInLane.Account },
        { "tier lock, stranger", TierOne, null, false, SignInLane.Refused },
        { "tier lock, known device", TierOne, Device, false, SignInLane.KnownDevice },
        { "admin-only tier lock, known device", TierThree, Device, false, SignInLane.KnownDevice },
        { "tier lock, device locked itself", TierOne, LockedDevice, false, SignInLane.Refused },
        { "tier lock, revoked device", TierOne, RevokedDevice, false, SignInLane.Refused },
        { "tier lock, device lock over", TierOne, LockedDevice with { LockedUntil = Now }, false, SignInLane.KnownDevice },
        { "consecutive-failure cap locks everywhere", ConsecutiveCap, Device, false, SignInLane.Refused },
        { "admin lock locks everywhere", AdminLock, Device, false, SignInLane.Refused },
        { "disabled account locks everywhere", TierOne, Device, true, SignInLane.Refused },
    };

    [Theory]
    [MemberData(nameof(Lanes_table))]
    public void Chooses_the_lane_as_the_table_says(string name, LockoutState account, KnownDeviceState? device, bool disabled, SignInLane lane) =>
        Assert.True(lane == Lanes.Choose(account, device, disabled, Now), name);

    [Fact]
    public void A_tier_lock_reaches_new_devices_and_an_admin_lock_every_device()
    {
        Assert.Equal(LockScope.None, Lanes.Scope(Open, disabled: false, Now));
        Assert.Equal(LockScope.NewDevices, Lanes.Scope(TierOne, disabled: false, Now));
        Assert.Equal(LockScope.NewDevices, Lanes.Scope(TierThree, disabled: false, Now));
        Assert.Equal(LockScope.Everywhere, Lanes.Scope(ConsecutiveCap, disabled: false, Now));
        Assert.Equal(LockScope.Everywhere, Lanes.Scope(AdminLock, disabled: false, Now));
        Assert.Equal(LockScope.Everywhere, Lanes.Scope(Open, disabled: true, Now));
    }

    [Fact]
    public void The_fifth_failure_on_a_device_locks_it_for_the_tiers_duration()
    {
        var fourth = Device with { Failures = 4, LastFailureAt = Now.AddMinutes(-1) };

        var after = Lanes.CountFailure(fourth, TierOne, Now);

        Assert.Equal(5, after.Failures);
        Assert.Equal(Now.AddMinutes(15), after.LockedUntil);
        Assert.Equal(LockoutVerdict.LockedNow, Lanes.Describe(after, TierOne, counted: true, Now).Verdict);
    }

    [Fact]
    public void A_device_failure_below_the_limit_tells_the_owner_what_is_left()
    {
        var after = Lanes.CountFailure(Device with { Failures = 2, LastFailureAt = Now.AddMinutes(-1) }, TierOne, Now);

        var decision = Lanes.Describe(after, TierOne, counted: true, Now);

        Assert.Equal((3, (DateTimeOffset?)null), (after.Failures, after.LockedUntil));
        Assert.Equal((LockoutVerdict.Counted, (int?)2), (decision.Verdict, decision.AttemptsRemaining));
    }

    [Fact]
    public void A_device_under_a_lock_until_an_admin_unlocks_is_locked_as_long()
    {
        var after = Lanes.CountFailure(Device with { Failures = 4, LastFailureAt = Now.AddMinutes(-1) }, TierThree, Now);

        Assert.Equal(LockoutPolicy.UntilUnlocked, after.LockedUntil);
    }

    [Fact]
    public void Device_failures_older_than_the_window_are_forgotten()
    {
        var after = Lanes.CountFailure(Device with { Failures = 4, LastFailureAt = Now.AddHours(-24) }, TierOne, Now);

        Assert.Equal((1, (DateTimeOffset?)null), (after.Failures, after.LockedUntil));
    }

    [Fact]
    public void A_locked_or_revoked_device_counts_nothing()
    {
        Assert.Same(LockedDevice, Lanes.CountFailure(LockedDevice, TierOne, Now));
        Assert.Same(RevokedDevice, Lanes.CountFailure(RevokedDevice, TierOne, Now));
    }
}
