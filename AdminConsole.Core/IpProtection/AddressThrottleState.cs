namespace AdminConsole.Core.IpProtection;

/// <summary>The counters of one client key at one moment (an <see cref="AddressThrottle"/> row, as a value).</summary>
public sealed record AddressThrottleState(int Failures, DateTimeOffset WindowStart, int Blocks, DateTimeOffset? LastBlockAt, DateTimeOffset? BlockedUntil)
{
    /// <summary>A key's first counter: <see cref="AddressBlocker.EnsureCounterAsync"/> starts its window at the first failure.</summary>
    public static AddressThrottleState First(DateTimeOffset now) => new(0, now, 0, null, null);
}
