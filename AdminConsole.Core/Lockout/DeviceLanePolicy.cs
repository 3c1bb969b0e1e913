namespace AdminConsole.Core.Lockout;

/// <summary>
/// Device lanes (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"), pure: (account state, device
/// state, now) -> lane. An automatic tier lock stops strangers, not the owner: a device that signed in to the
/// account before, unrevoked and not locked itself, keeps its own counter of <see cref="LockoutPolicyOptions.DeviceFailures"/>.
/// An admin lock, the consecutive-failure limit (NIST SP 800-63B 5.2.2) and a disabled account lock every device.
/// A correct password on a device lane signs the owner in without unlocking the account: new devices stay locked
/// out until the tier ends, so the lane never becomes a way round the lock for whoever else is guessing.
/// </summary>
public sealed class DeviceLanePolicy(LockoutPolicy policy)
{
    /// <summary>How far the account's lock reaches now.</summary>
    public LockScope Scope(LockoutState account, bool disabled, DateTimeOffset now) => Scope(policy.Options, account, disabled, now);

    /// <inheritdoc cref="Scope(LockoutState, bool, DateTimeOffset)"/>
    public static LockScope Scope(LockoutPolicyOptions options, LockoutState account, bool disabled, DateTimeOffset now)
    {
        if (disabled)
        {
            return LockScope.Everywhere;
        }

        if (!LockoutPolicy.IsLocked(account, now))
        {
            return LockScope.None;
        }

        return account.LockedByAdmin || LockoutPolicy.ReachesConsecutiveLimit(options, account.ConsecutiveFailures)
            ? LockScope.Everywhere
            : LockScope.NewDevices;
    }

    /// <summary>The lane one attempt takes; <paramref name="device"/> is the request's device for this account, if any.</summary>
    public SignInLane Choose(LockoutState account, KnownDeviceState? device, bool disabled, DateTimeOffset now) =>
        Choose(policy.Options, account, device, disabled, now);

    /// <inheritdoc cref="Choose(LockoutState, KnownDeviceState?, bool, DateTimeOffset)"/>
    public static SignInLane Choose(LockoutPolicyOptions options, LockoutState account, KnownDeviceState? device, bool disabled, DateTimeOffset now)
    {
        if (!LockoutPolicy.IsLocked(account, now))
        {
            return SignInLane.Account;
        }

        return Scope(options, account, disabled, now) == LockScope.NewDevices && device is { Revoked: false } && !IsLocked(device, now)
            ? SignInLane.KnownDevice
            : SignInLane.Refused;
    }

    public static bool IsLocked(KnownDeviceState device, DateTimeOffset now) => device.LockedUntil > now;

    /// <summary>
    /// A device that reaches its limit is locked for the duration of the account's tier (the first tier when the
    /// account has none yet); a tier that lasts until an admin unlocks locks the device as long.
    /// </summary>
    public DateTimeOffset DeviceLockEnd(LockoutState account, DateTimeOffset now) => DeviceLockEnd(policy.Options, account, now);

    /// <inheritdoc cref="DeviceLockEnd(LockoutState, DateTimeOffset)"/>
    public static DateTimeOffset DeviceLockEnd(LockoutPolicyOptions options, LockoutState account, DateTimeOffset now)
    {
        var tiers = options.LockTiers();
        var tier = tiers[Math.Clamp(account.Tier, 1, tiers.Count) - 1];
        return LockoutPolicy.LockEnd(tier, now);
    }

    /// <summary>
    /// A counted failure on a device: failures older than the window are forgotten, and reaching
    /// <see cref="LockoutPolicyOptions.DeviceFailures"/> locks the device. A locked device counts nothing.
    /// <see cref="LockoutStore"/> runs the same rule as one conditional UPDATE.
    /// </summary>
    public KnownDeviceState CountFailure(KnownDeviceState before, LockoutState account, DateTimeOffset now) =>
        CountFailure(policy.Options, before, account, now);

    /// <inheritdoc cref="CountFailure(KnownDeviceState, LockoutState, DateTimeOffset)"/>
    public static KnownDeviceState CountFailure(LockoutPolicyOptions options, KnownDeviceState before, LockoutState account, DateTimeOffset now)
    {
        if (IsLocked(before, now) || before.Revoked)
        {
            return before;
        }

        var fresh = before.LastFailureAt is null || before.LastFailureAt <= LockoutPolicy.WindowStart(options, now);
        var failures = (fresh ? 0 : before.Failures) + 1;
        return before with
        {
            Failures = failures,
            LastFailureAt = now,
            LockedUntil = failures >= options.DeviceFailures ? DeviceLockEnd(options, account, now) : before.LockedUntil,
        };
    }

    /// <summary>What the device's owner is told after a failure on its lane (the owner may know; strangers never get here).</summary>
    public LockoutDecision Describe(KnownDeviceState after, LockoutState account, bool counted, DateTimeOffset now) =>
        Describe(policy.Options, after, account, counted, now);

    /// <inheritdoc cref="Describe(KnownDeviceState, LockoutState, bool, DateTimeOffset)"/>
    public static LockoutDecision Describe(LockoutPolicyOptions options, KnownDeviceState after, LockoutState account, bool counted, DateTimeOffset now)
    {
        var shown = account with { LockedUntil = after.LockedUntil };
        if (!counted)
        {
            return new LockoutDecision(LockoutVerdict.AlreadyLocked, IsLocked(after, now) ? shown : account, 0);
        }

        return IsLocked(after, now)
            ? new LockoutDecision(LockoutVerdict.LockedNow, shown, 0)
            : new LockoutDecision(LockoutVerdict.Counted, account with { LockedUntil = null }, Math.Max(0, options.DeviceFailures - after.Failures));
    }
}
