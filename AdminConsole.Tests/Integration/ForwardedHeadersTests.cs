namespace AdminConsole.Tests.Integration;

/// <summary>ASVS 15.3.4: the client address comes from forwarded headers only through trusted proxies.</summary>
public sealed class ForwardedHeadersTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<string> RecordedAddressAsync(HttpClient client, string? forwardedFor)
    {
        var name = $"fwd-{Guid.NewGuid():N}@example.com";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/login")
        {
            Content = JsonContent.Create(new { email = name, password = TestPasswords.Wrong }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        await client.SendAsync(request, TestContext.Current.CancellationToken);
        return await app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == name.ToUpperInvariant()).Select(a => a.Address).SingleAsync());
    }

    [Fact]
    public async Task A_spoofed_header_from_an_untrusted_client_is_ignored()
    {
        var address = AppFactory.NewAddress();
        Assert.Equal(address, await RecordedAddressAsync(app.Client(address), "203.0.113.50"));
    }

    [Fact]
    public async Task The_header_from_a_trusted_proxy_is_honoured() =>
        Assert.Equal("203.0.113.51", await RecordedAddressAsync(app.Client(AppFactory.TrustedProxy), "203.0.113.51"));

    [Fact]
    public async Task A_chain_of_proxies_yields_the_first_untrusted_hop_from_the_right()
    {
        // client-supplied junk, then the real client, then a second trusted proxy; the socket is the first proxy
        var chain = $"198.18.0.1, 203.0.113.52, {AppFactory.SecondTrustedProxy}";
        Assert.Equal("203.0.113.52", await RecordedAddressAsync(app.Client(AppFactory.TrustedProxy), chain));
    }

    [Fact]
    public async Task An_ipv4_mapped_socket_address_is_recorded_as_ipv4() =>
        Assert.Equal("203.0.113.53", await RecordedAddressAsync(app.Client("::ffff:203.0.113.53"), null));
}
