using AdminConsole.Core.Webhooks;
namespace AdminConsole.Tests.Unit;

/// <summary>
/// SSRF: with private targets not allowed (the default), loopback, private and link-local targets are refused at
/// registration and again when connecting, after the name is resolved.
/// </summary>
public sealed class WebhookTargetTests
{
    private static WebhookTargets Targets(bool allowPrivate = false) =>
        new(new FixedOptions<WebhookOptions>(new WebhookOptions { AllowPrivateTargets = allowPrivate }));

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://127.9.9.9:8443/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.20.0.1/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[fd00::5]/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("https://localhost/hook")]
    public async Task Non_public_targets_are_refused_at_registration(string url)
    {
        var error = await Targets().CheckAsync(url, TestContext.Current.CancellationToken);

        Assert.NotNull(error);
        Assert.Contains("public addresses only", error);
    }

    /// <summary>
    /// IPv6 forms that carry an IPv4 address inside: where 6to4, SIIT, NAT64 or Teredo routing exists they reach that
    /// IPv4 address, so they are judged by it. Teredo's client address is stored inverted (XOR 0xffff...).
    /// </summary>
    [Theory]
    [InlineData("::127.0.0.1", false)] // IPv4-compatible
    [InlineData("::10.1.2.3", false)]
    [InlineData("::ffff:127.0.0.1", false)] // IPv4-mapped
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("::ffff:0:7f00:1", false)] // IPv4-translated, 127.0.0.1
    [InlineData("::ffff:0:c0a8:101", false)] // IPv4-translated, 192.168.1.1
    [InlineData("2002:7f00:1::1", false)] // 6to4 of 127.0.0.1
    [InlineData("2002:a00:1::", false)] // 6to4 of 10.0.0.1
    [InlineData("2002:a9fe:a9fe::1", false)] // 6to4 of 169.254.169.254
    [InlineData("64:ff9b::7f00:1", false)] // NAT64 well-known prefix
    [InlineData("64:ff9b::10.0.0.1", false)]
    [InlineData("64:ff9b:1::a00:1", false)] // NAT64 local-use prefix
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", false)] // Teredo, client 127.0.0.1
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe", false)] // Teredo, client 10.0.0.1
    [InlineData("2001:0:a00:1:8000:63bf:3fff:fdd2", false)] // Teredo, server 10.0.0.1
    [InlineData("::", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("2002:cb00:7105::1", true)] // 6to4 of 203.0.113.5
    [InlineData("2001:0:4136:e378:8000:63bf:34ff:8efa", true)] // Teredo, client 203.0.113.5
    [InlineData("2606:4700::6810:84e5", true)]
    [InlineData("203.0.113.5", true)]
    public async Task Ipv6_forms_are_judged_by_the_ipv4_address_they_embed(string address, bool accepted)
    {
        var error = await Targets().CheckAsync($"https://[{address}]/hook".Replace("[203.0.113.5]", "203.0.113.5", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        Assert.True(accepted == error is null, $"{address}: {error ?? "accepted"}");
    }

    [Theory]
    [InlineData("http://203.0.113.5/hook", "https://")]
    [InlineData("not a url", "full address")]
    [InlineData("https://user:pw@203.0.113.5/hook", "user name")]
    [InlineData("", "full address")]
    public async Task Plain_http_and_malformed_addresses_are_refused(string url, string expected)
    {
        Assert.Contains(expected, await Targets().CheckAsync(url, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_public_https_target_is_accepted_and_private_ones_only_when_allowed()
    {
        Assert.Null(await Targets().CheckAsync("https://203.0.113.5/hook", TestContext.Current.CancellationToken));
        Assert.Null(await Targets(allowPrivate: true).CheckAsync("http://127.0.0.1:8080/hook", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_connection_is_checked_after_resolution_and_nothing_reaches_a_loopback_receiver()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.Url("/ssrf").Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        using var client = new HttpClient(Targets().CreateHandler());

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(url, new StringContent("{}"), TestContext.Current.CancellationToken));

        Assert.IsType<WebhookTargetRefusedException>(error.InnerException);
        Assert.Empty(receiver.Requests);
    }
}
