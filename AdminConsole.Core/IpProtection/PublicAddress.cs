using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace AdminConsole.Core.IpProtection;

/// <summary>
/// The one classifier of addresses the console may connect to on someone's behalf (webhook targets): public
/// addresses only. An IPv6 address that carries an IPv4 address inside is judged by that IPv4 address too, since
/// wherever 6to4, SIIT, NAT64 or Teredo routing exists it reaches it: IPv4-compatible (<c>::a.b.c.d</c>),
/// IPv4-mapped (<c>::ffff:a.b.c.d</c>), IPv4-translated (<c>::ffff:0:a.b.c.d</c>), 6to4 (<c>2002::/16</c>),
/// NAT64 (<c>64:ff9b::/96</c>) and Teredo (<c>2001::/32</c>: the server's address, and the client's, stored
/// inverted). The NAT64 local-use prefix <c>64:ff9b:1::/48</c> (RFC 8215) is never public.
/// </summary>
public static class PublicAddress
{
    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/127"),
        IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>IPv6 prefixes whose last 32 bits are an IPv4 address.</summary>
    private static readonly IPNetwork[] LastBitsAreIPv4 =
    [
        IPNetwork.Parse("::/96"), // IPv4-compatible (deprecated, RFC 4291)
        IPNetwork.Parse("::ffff:0:0/96"), // IPv4-mapped
        IPNetwork.Parse("::ffff:0:0:0/96"), // IPv4-translated (RFC 2765)
        IPNetwork.Parse("64:ff9b::/96"), // NAT64 well-known prefix (RFC 6052)
    ];

    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private static readonly IPNetwork Teredo = IPNetwork.Parse("2001::/32");

    /// <summary>Whether <paramref name="address"/>, and every IPv4 address it carries, is on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        var canonical = ClientAddress.Canonical(address);
        return !NonPublic.Any(n => n.Contains(canonical)) && Embedded(canonical).All(v4 => !NonPublic.Any(n => n.Contains(v4)));
    }

    /// <summary>The IPv4 addresses an IPv6 address carries (none for IPv4 and for plain IPv6).</summary>
    public static IEnumerable<IPAddress> Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            yield break;
        }

        var bytes = address.GetAddressBytes();
        if (LastBitsAreIPv4.Any(n => n.Contains(address)))
        {
            yield return new IPAddress(bytes.AsSpan(12, 4));
        }
        else if (SixToFour.Contains(address))
        {
            yield return new IPAddress(bytes.AsSpan(2, 4));
        }
        else if (Teredo.Contains(address))
        {
            yield return new IPAddress(bytes.AsSpan(4, 4));
            var client = ~BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(12, 4));
            var clientBytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(clientBytes, client);
            yield return new IPAddress(clientBytes);
        }
    }
}
