using AdminConsole.Core.Lockout;

namespace AdminConsole.Tests.Unit;

/// <summary>The account page says who may still sign in past a lock, from the devices the account really has.</summary>
public sealed class AccountDevicesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static KnownDeviceView Device(DateTimeOffset? lockedUntil = null) =>
        new("d1", Now.AddDays(-3), Now.AddHours(-1), "10.0.0.1", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", 0, lockedUntil);

    [Fact]
    public void A_lock_for_new_devices_names_known_devices_only_when_the_account_has_one()
    {
        Assert.Equal("Locked for new devices: its known devices may still sign in", new AccountDevices(LockScope.NewDevices, [Device()]).Describe(Now));
        Assert.Equal("Locked for new devices, and it has no known device: no one can sign in", new AccountDevices(LockScope.NewDevices, []).Describe(Now));
    }

    [Fact]
    public void A_known_device_locked_on_its_own_counter_does_not_count_until_its_lock_ends()
    {
        var devices = new AccountDevices(LockScope.NewDevices, [Device(lockedUntil: Now.AddMinutes(5))]);

        Assert.Equal("Locked for new devices, and its known devices are locked too: no one can sign in", devices.Describe(Now));
        Assert.Equal("Locked for new devices: its known devices may still sign in", devices.Describe(Now.AddMinutes(5)));
    }

    [Fact]
    public void Not_locked_says_nothing_and_a_full_lock_says_so()
    {
        Assert.Null(new AccountDevices(LockScope.None, [Device()]).Describe(Now));
        Assert.Equal("Locked everywhere: known devices too", new AccountDevices(LockScope.Everywhere, [Device()]).Describe(Now));
    }
}
