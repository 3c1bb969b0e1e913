using System.Net;
using System.Net.Sockets;

namespace AdminConsole.Core.IpProtection;

/// <summary>
/// One canonical form per client: IPv4-mapped IPv6 becomes IPv4, scope ids are dropped, and
/// IPv6 clients are counted by their /64, since one host usually owns a whole /64.
/// </summary>
public static class ClientAddress
{
    public static IPAddress Canonical(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
    }

    /// <summary>The key that counters and throttles use: the IPv4 address, or the IPv6 /64 network.</summary>
    public static string Key(IPAddress address)
    {
        var canonical = Canonical(address);
        if (canonical.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return canonical.ToString();
        }

        var bytes = canonical.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPNetwork(new IPAddress(bytes), 64).ToString();
    }

    public const int SortKeyLength = 32;

    /// <summary>How every IPv4 sort key begins (::ffff:0:0/96).</summary>
    public const string MappedIPv4SortKeyPrefix = "00000000000000000000ffff";

    /// <summary>Hex digits of a sort key that make an IPv6 counter key (the /64).</summary>
    public const int IPv6KeyDigits = 16;

    /// <summary>
    /// The counter key (<see cref="Key"/>) for the part of a sort key that SQL groups by: the whole sort key for
    /// IPv4, its first <see cref="IPv6KeyDigits"/> digits for IPv6.
    /// </summary>
    public static string KeyFromSortKeyPart(string part) =>
        Key(new IPAddress(Convert.FromHexString(part.PadRight(SortKeyLength, '0'))));

    /// <summary>
    /// 32 lowercase hex digits of the address in IPv6 form (IPv4 as ::ffff:a.b.c.d): text that sorts as the number
    /// does under any collation, so a CIDR range becomes <see cref="SortKeyRange"/>. Null for text that is not an address.
    /// </summary>
    public static string? SortKey(string address) =>
        IPAddress.TryParse(address, out var parsed) ? SortKey(parsed) : null;

    public static string SortKey(IPAddress address) => Convert.ToHexStringLower(Canonical(address).MapToIPv6().GetAddressBytes());

    /// <summary>The first and last sort key inside a network.</summary>
    public static (string First, string Last) SortKeyRange(IPNetwork network)
    {
        var first = network.BaseAddress.MapToIPv6().GetAddressBytes();
        var last = (byte[])first.Clone();
        var prefix = network.PrefixLength + (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 96 : 0);
        for (var bit = prefix; bit < 128; bit++)
        {
            last[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        return (Convert.ToHexStringLower(first), Convert.ToHexStringLower(last));
    }
}
