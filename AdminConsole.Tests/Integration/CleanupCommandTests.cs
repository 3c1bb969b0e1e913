using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Retention on demand: <c>cleanup --older-than DAYS</c>, in-process against the test host's database, and once as a
/// process of the built app beside the running host.
/// </summary>
public sealed class CleanupCommandTests(CleanupCommandTests.Host app) : IClassFixture<CleanupCommandTests.Host>
{
    /// <summary>The test host, and the path of its database for a second process.</summary>
    public sealed class Host : AppFactory
    {
        public string Database => DatabasePath;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CleanupCommand.RunAsync(app.Services, args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>One failed attempt this many days before the host's now, under a name of its own.</summary>
    private async Task<string> AttemptAsync(DateTimeOffset now, int daysAgo)
    {
        var name = $"CLEANUP-{Guid.NewGuid():N}@EXAMPLE.COM";
        await app.WithDbAsync(db =>
        {
            db.LoginAttempts.Add(new LoginAttempt { At = now.AddDays(-daysAgo), UserName = name, Address = "203.0.113.77", Outcome = LoginOutcome.UnknownUser });
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return name;
    }

    private Task<bool> StoredAsync(string name) =>
        app.WithDbAsync(db => db.LoginAttempts.AnyAsync(a => a.UserName == name, TestContext.Current.CancellationToken));

    [Fact]
    public async Task Cleanup_deletes_attempts_older_than_the_days_given_prints_each_count_on_its_own_line_and_exits_0()
    {
        var now = app.Time.GetUtcNow();
        var old = await AttemptAsync(now, 41);
        var kept = await AttemptAsync(now, 39);

        var (code, output, error) = await RunAsync("cleanup", "--older-than", "40");

        Assert.True(code == 0, error);
        Assert.False(await StoredAsync(old));
        Assert.True(await StoredAsync(kept));
        Assert.Contains("attempts older than 40 days", output);
        foreach (var label in new[] { "attempts", "attempt counts", "lockout rows", "address counters", "address rules", "notifications", "security events", "outbox mails", "undelivered mails" })
        {
            Assert.Matches($@"(?m)^\s+{label}:\s+\d+", output);
        }

        var deleted = int.Parse(System.Text.RegularExpressions.Regex.Match(output, @"(?m)^\s+attempts:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(deleted >= 1);
        var purged = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Type == SecurityEventType.AttemptsPurged).OrderBy(e => e.Id).LastAsync(TestContext.Current.CancellationToken));
        Assert.Contains("attempts older than 40 days", purged.Reason);
        Assert.Contains($"\"Attempts\":{deleted}", purged.Details);
    }

    [Fact]
    public async Task Cleanup_accepts_the_days_written_with_an_equals_sign()
    {
        var old = await AttemptAsync(app.Time.GetUtcNow(), 60);

        var (code, _, error) = await RunAsync("cleanup", "--older-than=50");

        Assert.True(code == 0, error);
        Assert.False(await StoredAsync(old));
    }

    [Theory]
    [InlineData("30")]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task Cleanup_under_31_days_exits_2_naming_the_bound_and_deletes_nothing(string days)
    {
        var old = await AttemptAsync(app.Time.GetUtcNow(), 32);
        var events = await app.WithDbAsync(db => db.SecurityEvents.CountAsync(TestContext.Current.CancellationToken));

        var (code, output, error) = await RunAsync("cleanup", "--older-than", days);

        Assert.Equal(2, code);
        Assert.Contains("at least 31 days", error);
        Assert.Contains("Retention:AttemptDays", error);
        Assert.Equal("", output);
        Assert.True(await StoredAsync(old));
        Assert.Equal(events, await app.WithDbAsync(db => db.SecurityEvents.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Theory]
    [InlineData("cleanup")]
    [InlineData("cleanup", "--older-than")]
    [InlineData("cleanup", "--older-than", "forty")]
    [InlineData("cleanup", "--older-than", "40.5")]
    [InlineData("cleanup", "--older-than=")]
    [InlineData("cleanup", "40")]
    public async Task Missing_or_non_numeric_days_exit_2_with_usage_and_delete_nothing(params string[] args)
    {
        var old = await AttemptAsync(app.Time.GetUtcNow(), 400);

        var (code, output, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains("Usage:", error);
        Assert.Contains("--older-than DAYS", error);
        Assert.Equal("", output);
        Assert.True(await StoredAsync(old));
    }

    [Fact]
    public async Task The_built_app_cleans_up_beside_the_running_host_without_starting_a_web_server()
    {
        // The process runs on the real clock; an attempt this old is past any cutoff from now on.
        var old = await AttemptAsync(DateTimeOffset.UtcNow, 400);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ConnectionStrings__AdminConsole"] = $"Data Source={app.Database}",
            ["App__PublicBaseUrl"] = AppFactory.PublicBaseUrl,
            ["Mail__PickupDirectory"] = Path.Combine(Path.GetTempPath(), $"adminconsole-test-mail-{Guid.NewGuid():N}"),
        };

        var usage = await AppProcess.RunCommandAsync(environment, ["cleanup", "--older-than", "7"], TestContext.Current.CancellationToken);
        var cleanup = await AppProcess.RunCommandAsync(environment, ["cleanup", "--older-than", "31"], TestContext.Current.CancellationToken);

        Assert.Equal(2, usage.Code);
        Assert.Contains("at least 31 days", usage.Error);
        Assert.True(cleanup.Code == 0, cleanup.Error);
        Assert.Matches(@"(?m)^\s+attempts:\s+[1-9]\d*", cleanup.Output);
        Assert.DoesNotContain("Now listening on", cleanup.Output);
        Assert.False(await StoredAsync(old));

        // The command's output is its report: the log goes to stderr, and the queries give EF Core nothing to warn about.
        Assert.DoesNotContain("warn:", cleanup.Output);
        Assert.DoesNotContain("Microsoft.EntityFrameworkCore", cleanup.Output + cleanup.Error);
    }
}
