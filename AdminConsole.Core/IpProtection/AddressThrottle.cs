namespace AdminConsole.Core.IpProtection;

/// <summary>The durable failure counter of one client key (IPv4 address or IPv6 /64).</summary>
public sealed class AddressThrottle
{
    public required string Key { get; set; }

    /// <summary>Failures since <see cref="WindowStart"/>.</summary>
    public int Failures { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    /// <summary>Blocks in a row, each within the repeat window of the last; sets the next block's length.</summary>
    public int Blocks { get; set; }

    public DateTimeOffset? LastBlockAt { get; set; }

    public DateTimeOffset? BlockedUntil { get; set; }
}
