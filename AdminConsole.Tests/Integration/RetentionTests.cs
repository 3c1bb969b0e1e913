using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Dashboard;

namespace AdminConsole.Tests.Integration;

/// <summary>Retention keeps the database bounded: old attempts and their counts go, in batches, and the run is audited.</summary>
public sealed class RetentionTests(RetentionTests.SmallBatchFactory app) : IClassFixture<RetentionTests.SmallBatchFactory>
{
    public sealed class SmallBatchFactory : AppFactory
    {
        public SmallBatchFactory()
        {
            Settings["Retention:AttemptDays"] = "40";
            Settings["Retention:BatchSize"] = "2";
        }
    }

    [Fact]
    public async Task Attempts_and_counts_older_than_the_retention_go_in_batches_and_the_rest_stay()
    {
        var now = app.Time.GetUtcNow();
        var old = now.AddDays(-41);
        var kept = now.AddDays(-39);
        await app.WithDbAsync(db =>
        {
            for (var i = 0; i < 5; i++)
            {
                db.LoginAttempts.Add(new LoginAttempt { At = old, UserName = "OLD@EXAMPLE.COM", Address = "203.0.113.90", Outcome = LoginOutcome.WrongPassword });
            }

            db.LoginAttempts.Add(new LoginAttempt { At = kept, UserName = "KEPT@EXAMPLE.COM", Address = "203.0.113.91", Outcome = LoginOutcome.WrongPassword });
            return db.SaveChangesAsync();
        });

        var retention = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AttemptRetention>().Single();
        var deleted = await retention.PurgeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(5, deleted);
        Assert.False(await app.WithDbAsync(db => db.LoginAttempts.AnyAsync(a => a.UserName == "OLD@EXAMPLE.COM")));
        Assert.True(await app.WithDbAsync(db => db.LoginAttempts.AnyAsync(a => a.UserName == "KEPT@EXAMPLE.COM")));
        Assert.False(await app.WithDbAsync(db => db.AttemptCounts.AnyAsync(c => c.Name == "OLD@EXAMPLE.COM" || c.Name == "203.0.113.90")));
        Assert.Equal(2, await app.WithDbAsync(db => db.AttemptCounts.CountAsync(c => c.Name == "KEPT@EXAMPLE.COM")));
        var purged = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.Type == SecurityEventType.AttemptsPurged));
        Assert.Contains("\"Attempts\":5", purged.Details);

        // Nothing left to delete: nothing deleted, nothing recorded.
        Assert.Equal(0, await retention.PurgeAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, await app.WithDbAsync(db => db.SecurityEvents.CountAsync(e => e.Type == SecurityEventType.AttemptsPurged)));
    }

    [Theory]
    [InlineData("30", "Retention:AttemptDays must be at least 31")]
    [InlineData("abc", "AttemptDays")]
    public void A_retention_shorter_than_the_dashboard_is_refused_at_start(string days, string message)
    {
        using var factory = new AppFactory();
        factory.Settings["Retention:AttemptDays"] = days;

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(message, error.ToString());
    }
}
