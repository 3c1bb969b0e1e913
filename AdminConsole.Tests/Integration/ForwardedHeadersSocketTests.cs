using AdminConsole.Core.Audit;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Notifications;

namespace AdminConsole.Tests.Integration;

/// <summary>Sends one failed sign-in through a real socket and reads where it was recorded.</summary>
internal static class SocketSignIn
{
    public static async Task<HttpResponseMessage> FailAsync(HttpClient client, string name, string? forwardedFor = null, string? forwardedProto = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/login")
        {
            Content = JsonContent.Create(new { email = name, password = TestPasswords.Wrong }),
        };
        request.Headers.Host = new Uri(AppFactory.PublicBaseUrl).Host; // the public name, as behind a proxy
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static Task<string> RecordedAddressAsync(AppFactory app, string name) =>
        app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == name.ToUpperInvariant()).Select(a => a.Address).SingleAsync());

    public static string Someone() => $"sock-{Guid.NewGuid():N}@example.com";
}

/// <summary>
/// ASVS 15.3.4, through Kestrel on a loopback port: with no trusted proxy (the default), no
/// request's forwarded headers are applied, whatever it sends.
/// </summary>
public sealed class ForwardedHeadersWithoutProxyTests(NoProxyKestrelAppFactory app) : IClassFixture<NoProxyKestrelAppFactory>
{
    [Fact]
    public async Task Invented_forwarded_addresses_are_ignored_and_the_real_sender_is_blocked()
    {
        using var client = app.SocketClient("127.0.0.2");
        var names = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var name = SocketSignIn.Someone();
            names.Add(name);
            using var failed = await SocketSignIn.FailAsync(client, name, forwardedFor: $"203.0.113.{i + 1}");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        foreach (var name in names)
        {
            Assert.Equal("127.0.0.2", await SocketSignIn.RecordedAddressAsync(app, name));
        }

        using var blocked = await SocketSignIn.FailAsync(client, SocketSignIn.Someone(), forwardedFor: "203.0.113.99");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Contains(await app.WithDbAsync(db => db.IpRules.Select(r => r.Network).ToListAsync()), n => n == "127.0.0.2");
    }

    [Fact]
    public async Task A_forwarded_https_scheme_is_ignored()
    {
        using var client = app.SocketClient("127.0.0.3");
        using var response = await SocketSignIn.FailAsync(client, SocketSignIn.Someone(), forwardedProto: "https");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_peer_sending_forwarded_headers_is_reported_for_the_console()
    {
        using var client = app.SocketClient("127.0.0.4");
        using var _ = await SocketSignIn.FailAsync(client, SocketSignIn.Someone(), forwardedFor: "198.18.0.1");

        var seen = app.Services.GetRequiredService<ForwardedHeaderWarning>().Recent();
        Assert.Contains(seen, p => p.Address == "127.0.0.4");
    }
}

/// <summary>Behind one trusted proxy, through real sockets: only its hops are walked, and it is never blocked.</summary>
public sealed class ForwardedHeadersBehindProxyTests(ProxyKestrelAppFactory app) : IClassFixture<ProxyKestrelAppFactory>
{
    [Fact]
    public async Task The_trusted_proxy_s_forwarded_address_is_recorded()
    {
        using var proxy = app.SocketClient(ProxyKestrelAppFactory.Proxy);
        var name = SocketSignIn.Someone();
        using var _ = await SocketSignIn.FailAsync(proxy, name, forwardedFor: "198.18.0.7, 203.0.113.60");

        Assert.Equal("203.0.113.60", await SocketSignIn.RecordedAddressAsync(app, name));
        Assert.DoesNotContain(app.Services.GetRequiredService<ForwardedHeaderWarning>().Recent(), p => p.Address == ProxyKestrelAppFactory.Proxy);
    }

    [Fact]
    public async Task Another_peer_s_forwarded_address_is_ignored()
    {
        using var stranger = app.SocketClient("127.0.0.6");
        var name = SocketSignIn.Someone();
        using var _ = await SocketSignIn.FailAsync(stranger, name, forwardedFor: "203.0.113.61");

        Assert.Equal("127.0.0.6", await SocketSignIn.RecordedAddressAsync(app, name));
    }

    [Fact]
    public async Task The_forwarded_scheme_counts_only_from_the_proxy()
    {
        using var proxy = app.SocketClient(ProxyKestrelAppFactory.Proxy);
        using var stranger = app.SocketClient("127.0.0.7");

        using var fromProxy = await SocketSignIn.FailAsync(proxy, SocketSignIn.Someone(), forwardedFor: "203.0.113.62", forwardedProto: "https");
        using var fromStranger = await SocketSignIn.FailAsync(stranger, SocketSignIn.Someone(), forwardedProto: "https");

        Assert.True(fromProxy.Headers.Contains("Strict-Transport-Security"));
        Assert.False(fromStranger.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_proxy_itself_is_never_blocked_and_admins_are_told()
    {
        // Failures that reach the app with the proxy's own address (a proxy that does not send X-Forwarded-For).
        using var proxy = app.SocketClient(ProxyKestrelAppFactory.Proxy);
        for (var i = 0; i < 12; i++)
        {
            using var failed = await SocketSignIn.FailAsync(proxy, SocketSignIn.Someone());
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        Assert.DoesNotContain(await app.WithDbAsync(db => db.IpRules.Select(r => r.Network).ToListAsync()), n => n == ProxyKestrelAppFactory.Proxy);
        var refused = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Type == SecurityEventType.AutomaticBlockRefused).ToListAsync());
        var e = Assert.Single(refused);
        Assert.Equal((ProxyKestrelAppFactory.Proxy, SecurityEventSeverity.Critical), (e.Address, e.Severity));
        var notice = await app.WithDbAsync(db => db.AdminNotifications.SingleAsync(n => n.Type == NotificationType.ProxyBlockRefused));
        Assert.Equal(SecurityEventSeverity.Critical, notice.Severity);
    }
}
