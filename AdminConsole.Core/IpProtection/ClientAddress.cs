using System.Net;
using System.Net.Sockets;

namespace AdminConsole.Core.IpProtection;

/// <summary>
/// One canonical form per client (SECURITY-NOTES 8): IPv4-mapped IPv6 becomes IPv4, scope ids are dropped, and
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
}
