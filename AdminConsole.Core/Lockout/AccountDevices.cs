namespace AdminConsole.Core.Lockout;

/// <summary>An account's known devices and how far its lock reaches, for the account page.</summary>
public sealed record AccountDevices(LockScope Scope, IReadOnlyList<KnownDeviceView> Devices)
{
    /// <summary>
    /// How far the lock reaches, in words; null when the account is not locked. A lock for new devices speaks of
    /// known devices only when one may still sign in: one the account has, not locked on its own counter.
    /// </summary>
    public string? Describe(DateTimeOffset now) => Scope switch
    {
        LockScope.None => null,
        LockScope.NewDevices when Devices.Any(d => d.LockedUntil is not { } until || until <= now) =>
            "Locked for new devices: its known devices may still sign in",
        LockScope.NewDevices when Devices.Count == 0 => "Locked for new devices, and it has no known device: no one can sign in",
        LockScope.NewDevices => "Locked for new devices, and its known devices are locked too: no one can sign in",
        _ => "Locked everywhere: known devices too",
    };
}
