using System.Net;
using AdminConsole.Core.IpProtection;
using Microsoft.AspNetCore.Http;

namespace AdminConsole.Core.Attempts;

/// <summary>Who is asking: the canonical client address and the user agent, truncated for storage.</summary>
public sealed record ClientInfo(string Address, string? UserAgent)
{
    public const string UnknownAddress = "unknown";

    public static ClientInfo From(HttpContext? context)
    {
        if (context is null)
        {
            return new ClientInfo(UnknownAddress, null);
        }

        var agent = context.Request.Headers.UserAgent.ToString();
        return new ClientInfo(
            Canonical(context.Connection.RemoteIpAddress),
            agent.Length == 0 ? null : agent[..Math.Min(agent.Length, LoginAttempt.UserAgentMaxLength)]);
    }

    /// <summary>The address after trusted forwarded headers, canonical.</summary>
    public static string Canonical(IPAddress? address) =>
        address is null ? UnknownAddress : ClientAddress.Canonical(address).ToString();
}
