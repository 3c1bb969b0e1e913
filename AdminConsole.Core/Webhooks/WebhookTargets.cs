using System.Net;
using System.Net.Sockets;
using AdminConsole.Core.IpProtection;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Core.Webhooks;

/// <summary>A webhook target resolved to an address it may not reach.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

/// <summary>
/// Where webhooks may go. Unless <see cref="WebhookOptions.AllowPrivateTargets"/>, a target must use HTTPS and every
/// address its name resolves to must be public: checked when it is registered and again on every connection, after
/// the name is resolved, and the connection goes to the address that was checked (so a name that changes its
/// answer later, DNS rebinding, cannot reach the console's own network). Redirects are not followed.
/// </summary>
public sealed class WebhookTargets(Func<bool> allowPrivateTargets, string setting)
{
    /// <summary>The targets of webhooks (<see cref="WebhookOptions.AllowPrivateTargets"/>).</summary>
    [ActivatorUtilitiesConstructor]
    public WebhookTargets(IOptionsMonitor<WebhookOptions> options)
        : this(() => options.CurrentValue.AllowPrivateTargets, $"{WebhookOptions.Section}:{nameof(WebhookOptions.AllowPrivateTargets)}")
    {
    }

    /// <summary>The error for a target URL, or null when it may be registered. Resolves the name (unless private targets are allowed).</summary>
    public async Task<string?> CheckAsync(string? url, CancellationToken cancellationToken)
    {
        var allowPrivate = allowPrivateTargets();
        if (string.IsNullOrWhiteSpace(url) || url.Length > WebhookEndpoint.UrlMaxLength
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "Enter the receiver's full address, e.g. https://hooks.example.com/adminconsole.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !allowPrivate)
        {
            return "The address must start with https://: deliveries carry security events.";
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return "The address may not contain a user name, password or #fragment.";
        }

        if (allowPrivate)
        {
            return null;
        }

        try
        {
            await ResolvePublicAsync(uri.IdnHost, cancellationToken);
            return null;
        }
        catch (WebhookTargetRefusedException e)
        {
            return e.Message;
        }
        catch (SocketException)
        {
            return $"'{uri.Host}' could not be resolved.";
        }
    }

    /// <summary>The address to connect to: every answer must be public, unless private targets are allowed.</summary>
    public async Task<IPAddress> ResolvePublicAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new WebhookTargetRefusedException($"'{host}' has no address.");
        }

        if (!allowPrivateTargets() && addresses.FirstOrDefault(a => !PublicAddress.IsPublic(a)) is { } refused)
        {
            throw new WebhookTargetRefusedException(
                $"'{host}' is {refused}, a loopback, private or link-local address: deliveries go to public addresses only ({setting}).");
        }

        return addresses[0];
    }

    /// <summary>The handler webhooks are sent with: checked connections, no proxy, no redirects.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var address = await ResolvePublicAsync(context.DnsEndPoint.Host, cancellationToken);
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
