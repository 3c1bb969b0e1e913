using System.Diagnostics.Metrics;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Tests.Integration;

/// <summary>Kestrel whose <c>/metrics</c> is open to 127.0.0.1 only, so 127.0.0.2 is a real outside peer.</summary>
public sealed class MetricsKestrelAppFactory : KestrelAppFactory
{
    public MetricsKestrelAppFactory()
    {
        Settings["Metrics:AllowedNetworks:0"] = "127.0.0.1/32";
    }
}

/// <summary>The <c>AdminConsole</c> meter and the Prometheus scrape endpoint, through Kestrel with real source addresses.</summary>
public sealed class MetricsTests(MetricsKestrelAppFactory app) : IClassFixture<MetricsKestrelAppFactory>
{
    [Fact]
    public async Task A_wrong_password_counts_one_attempt_with_its_outcome()
    {
        // Only this host's meter: other test hosts in the process have their own meter factory.
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        var counted = new System.Collections.Concurrent.ConcurrentBag<(long Value, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "adminconsole.signin.attempts")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? outcome = null;
            foreach (var tag in tags)
            {
                outcome = tag.Key == "outcome" ? tag.Value as string : outcome;
            }

            counted.Add((value, outcome));
        });
        listener.Start();
        var user = await app.CreateUserAsync();

        using var client = app.SocketClient("127.0.0.3");
        using var failed = await client.LoginAsync(user, TestPasswords.Wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        Assert.Equal([(1L, nameof(LoginOutcome.WrongPassword))], counted.ToArray());
    }

    [Fact]
    public async Task The_scrape_endpoint_answers_allowed_peers_in_prometheus_text()
    {
        using var outsider = app.SocketClient("127.0.0.4");
        using (await outsider.LoginAsync(SocketSignIn.Someone(), TestPasswords.Wrong))
        {
        }

        using var scraper = app.SocketClient("127.0.0.1");
        using var response = await scraper.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE adminconsole_signin_attempts_total counter", text);
        Assert.Matches("adminconsole_signin_attempts_total\\{[^}]*outcome=\"UnknownUser\"[^}]*\\} [1-9]", text);
        foreach (var name in new[] { "adminconsole_admission_queue", "adminconsole_outbox_backlog", "adminconsole_outbox_oldest_age_seconds", "http_server_request_duration_seconds" })
        {
            Assert.Contains($"# TYPE {name} ", text);
        }
    }

    [Fact]
    public async Task Other_peers_get_404_and_no_figures()
    {
        using var outsider = app.SocketClient("127.0.0.2");
        using var response = await outsider.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("adminconsole_", text);
    }

    [Fact]
    public void A_bad_network_stops_the_start_with_the_key_named()
    {
        using var bad = new AppFactory();
        bad.Settings["Metrics:AllowedNetworks:0"] = "not a network";

        var error = Assert.ThrowsAny<Exception>(() => bad.Server);

        Assert.Contains("Metrics:AllowedNetworks", error.ToString());
    }
}
