using System.Net;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Location;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Core.Attempts;

/// <summary>
/// Who is asking: the canonical client address, the user agent truncated for storage, and where the address is
/// (<see cref="GeoLocator"/>; <see cref="GeoLocation.None"/> without a database). The one place a request's
/// location is looked up.
/// </summary>
public sealed record ClientInfo(string Address, string? UserAgent, GeoLocation Location)
{
    public const string UnknownAddress = "unknown";

    public static ClientInfo From(HttpContext? context)
    {
        if (context is null)
        {
            return new ClientInfo(UnknownAddress, null, GeoLocation.None);
        }

        var agent = context.Request.Headers.UserAgent.ToString();
        var address = context.Connection.RemoteIpAddress;
        return new ClientInfo(
            Canonical(address),
            agent.Length == 0 ? null : agent[..Math.Min(agent.Length, LoginAttempt.UserAgentMaxLength)],
            context.RequestServices?.GetService<GeoLocator>()?.Locate(address) ?? GeoLocation.None);
    }

    /// <summary>The address after trusted forwarded headers, canonical.</summary>
    public static string Canonical(IPAddress? address) =>
        address is null ? UnknownAddress : ClientAddress.Canonical(address).ToString();

    /// <summary>A new attempt record from this client, located.</summary>
    public LoginAttempt Attempt(string userName, string? userId) => new()
    {
        UserName = userName,
        UserId = userId,
        Address = Address,
        UserAgent = UserAgent,
        Country = Location.Country,
        Asn = Location.Asn,
        AsnOrganization = Location.AsnOrganization,
    };
}
