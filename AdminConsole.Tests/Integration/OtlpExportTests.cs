namespace AdminConsole.Tests.Integration;

/// <summary>The app with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set to a receiver the test starts on loopback.</summary>
public sealed class OtlpAppFactory : KestrelAppFactory
{
    public WebhookReceiver Collector { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Collector = await WebhookReceiver.StartAsync();
        Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Url("/").TrimEnd('/');
        Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        Settings["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Collector.DisposeAsync();
    }
}

/// <summary>Traces leave the app over OTLP (HTTP, protobuf): a sign-in's span reaches the collector, named for the service.</summary>
public sealed class OtlpExportTests(OtlpAppFactory app) : IClassFixture<OtlpAppFactory>
{
    [Fact]
    public async Task A_sign_in_is_exported_as_a_trace_to_the_otlp_collector()
    {
        using var client = app.SocketClient("127.0.6.1");

        using var response = await client.LoginAsync($"traced-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!app.Collector.At("/v1/traces").Any(r => r.Body.Contains("/api/account/login", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Contains(app.Collector.At("/v1/traces"), r => r.Body.Contains("/api/account/login", StringComparison.Ordinal)
            && r.Body.Contains("AdminConsole", StringComparison.Ordinal));
    }
}
