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
