using System.Net;

namespace AdminConsole.Core.IpProtection;

/// <summary>
/// The proxies in <c>Network:TrustedProxies</c>, parsed once: whose forwarded headers are believed, which socket
/// addresses may carry <c>X-Forwarded-For</c> without a warning, and which addresses are never blocked automatically
/// (blocking the proxy would block every client behind it).
/// </summary>
public sealed class TrustedProxies(IOptions<NetworkOptions> options)
{
    private readonly IPNetwork[] networks = [.. options.Value.TrustedProxies
        .Select(entry => AddressParser.Parse(entry).Network)
        .OfType<IPNetwork>()];

    public IReadOnlyList<IPNetwork> Networks => networks;

    /// <summary>Whether any proxy is configured. With none, forwarded headers are never applied.</summary>
    public bool Any => networks.Length > 0;

    public bool Contains(IPAddress address)
    {
        var canonical = ClientAddress.Canonical(address);
        return networks.Any(n => n.Contains(canonical));
    }

    /// <summary>Whether a counter key (an IPv4 address or an IPv6 /64) lies in or overlaps a trusted proxy.</summary>
    public bool ContainsKey(string key)
    {
        var parsed = AddressParser.Parse(key).Network;
        return parsed is { } n && networks.Any(p => p.Contains(n.BaseAddress) || n.Contains(p.BaseAddress));
    }
}
