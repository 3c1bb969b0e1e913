using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// The real app host on Kestrel, listening on a free loopback port: the client address is the real peer of a TCP
/// connection, and headers and cookies travel as an attacker's client would send them. Clients choose their own
/// source address within 127.0.0.0/8 (all of it is loopback on Linux), so no address is simulated.
/// </summary>
public class KestrelAppFactory : AppFactory
{
    public KestrelAppFactory()
        : this(null)
    {
    }

    /// <summary>A host on an existing database (another instance, or a restart), or on a new one.</summary>
    protected KestrelAppFactory(string? databasePath)
        : base(databasePath)
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    protected override bool SimulatedClientAddresses => false;

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri ServerAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public override ValueTask InitializeAsync()
    {
        StartServer();
        return ValueTask.CompletedTask;
    }

    /// <summary>A client whose connections come from <paramref name="source"/> (a 127.x.y.z address).</summary>
    public HttpClient SocketClient(string source = "127.0.0.1", CookieContainer? cookies = null) =>
        new(SocketHandler(source, cookies)) { BaseAddress = ServerAddress };

    /// <summary>The handler of <see cref="SocketClient"/>: no redirects followed, connections from <paramref name="source"/>.</summary>
    public static SocketsHttpHandler SocketHandler(string source = "127.0.0.1", CookieContainer? cookies = null)
    {
        var local = IPAddress.Parse(source);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
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
}

/// <summary>Kestrel with no trusted proxy configured: the default.</summary>
public sealed class NoProxyKestrelAppFactory : KestrelAppFactory
{
    public NoProxyKestrelAppFactory()
    {
        foreach (var key in Settings.Keys.Where(k => k.StartsWith("Network:TrustedProxies", StringComparison.Ordinal)).ToList())
        {
            Settings.Remove(key);
        }
    }

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // Plain loopback HTTP and no proxy to say it was HTTPS: the classes on this host are about addresses, headers
        // and bodies, so the token endpoint takes their requests as it takes them behind TLS. That it refuses plain
        // HTTP otherwise is TokenApiBodyTests'.
        builder.ConfigureTestServices(services => services.Configure<OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreOptions>(
            o => o.DisableTransportSecurityRequirement = true));
    }
}

/// <summary>Kestrel behind one trusted proxy, which connects from <see cref="Proxy"/>.</summary>
public class ProxyKestrelAppFactory : KestrelAppFactory
{
    public const string Proxy = "127.0.0.5";

    public ProxyKestrelAppFactory()
    {
        foreach (var key in Settings.Keys.Where(k => k.StartsWith("Network:TrustedProxies", StringComparison.Ordinal)).ToList())
        {
            Settings.Remove(key);
        }

        Settings["Network:TrustedProxies:0"] = Proxy;
    }
}
