using System.Text.RegularExpressions;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Data;
using AdminConsole.Core.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// The dashboard reads counts the database keeps on write (a trigger on LoginAttempts). These prove the trigger
/// counts what the dashboard used to compute from the attempts, on the real SQLite schema the migrations build.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class AttemptCountTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static long HourOf(DateTimeOffset at) => at.UtcTicks / TimeSpan.TicksPerHour;

    [Fact]
    public async Task Every_inserted_attempt_adds_to_its_outcome_and_failures_to_its_address_and_name()
    {
        var at = AppFactory.Start.AddDays(-300);
        var hour = HourOf(at);
        const string address = "203.0.113.201";
        const string name = "COUNTED@EXAMPLE.COM";
        await app.WithDbAsync(async db =>
        {
            foreach (var outcome in Enum.GetValues<LoginOutcome>())
            {
                db.LoginAttempts.Add(new LoginAttempt { At = at, UserName = name, Address = address, Outcome = outcome });
            }

            // A per-minute summary of rejected requests: no name, a count of 7.
            db.LoginAttempts.Add(new LoginAttempt { At = at, UserName = "", Address = address, Outcome = LoginOutcome.AddressBlocked, Count = 7 });
            return await db.SaveChangesAsync();
        });

        var counts = await app.WithDbAsync(db => db.AttemptCounts.Where(c => c.Period == hour || c.Period == hour / 24).ToListAsync());
        long Count(AttemptCountKind kind, string n) => counts.Where(c => c.Kind == kind && c.Name == n).Sum(c => c.Count);

        foreach (var outcome in Enum.GetValues<LoginOutcome>())
        {
            Assert.Equal(outcome == LoginOutcome.AddressBlocked ? 8 : 1, Count(AttemptCountKind.OutcomeByHour, outcome.ToString()));
        }

        // The trigger's list of failures is the dashboard's.
        var failures = LoginOutcomes.Failures.Length;
        Assert.Equal(failures, Count(AttemptCountKind.FailuresByAddressHour, address));
        Assert.Equal(failures, Count(AttemptCountKind.FailuresByAddressDay, address));
        Assert.Equal(failures, Count(AttemptCountKind.FailuresByAccountHour, name));
        Assert.Equal(failures, Count(AttemptCountKind.FailuresByAccountDay, name));
        Assert.DoesNotContain(counts, c => c.Name == "");
        Assert.Equal(hour / 24, counts.Single(c => c.Kind == AttemptCountKind.FailuresByAddressDay).Period);
    }

    [Fact]
    public async Task The_trigger_installed_by_the_migrations_counts_exactly_the_outcome_types_failures()
    {
        // The definition the database itself holds: SQLite keeps the trigger's SQL, PostgreSQL its function's body.
        var trigger = await app.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>(AppFactory.Provider == DatabaseProvider.PostgreSql
                ? "SELECT pg_get_functiondef(p.oid) AS \"Value\" FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgname = 'TR_LoginAttempts_Counts'"
                : "SELECT sql AS Value FROM sqlite_master WHERE type = 'trigger' AND name = 'TR_LoginAttempts_Counts'")
            .SingleAsync());

        AssertListsExactlyTheFailures(trigger, expectedLists: 1);
    }

    [Fact]
    public void The_sql_server_trigger_the_migrations_leave_counts_exactly_the_outcome_types_failures()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript();

        // Each migration that changes the trigger replaces it: the last definition in the script is the installed one.
        var last = script.LastIndexOf("TRIGGER [TR_LoginAttempts_Counts]", StringComparison.Ordinal);
        Assert.True(last > 0, "The script creates the trigger.");
        var trigger = script[last..script.IndexOf("\nEND", last, StringComparison.Ordinal)].Replace("''", "'", StringComparison.Ordinal);

        AssertListsExactlyTheFailures(trigger, expectedLists: 4);
    }

    /// <summary>Every <c>Outcome IN (...)</c> list of the trigger names exactly <see cref="LoginOutcomes.Failures"/>.</summary>
    private static void AssertListsExactlyTheFailures(string triggerSql, int expectedLists)
    {
        var lists = Regex.Matches(triggerSql, @"Outcome[\]""]?\s+IN\s*\(([^)]*)\)");
        Assert.Equal(expectedLists, lists.Count);
        foreach (Match list in lists)
        {
            var names = Regex.Matches(list.Groups[1].Value, "'([A-Za-z]+)'").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
            Assert.Equal(LoginOutcomes.FailureNames.Order(StringComparer.Ordinal), names);
        }
    }

    [Fact]
    public async Task A_write_that_fails_leaves_no_count_behind()
    {
        var at = AppFactory.Start.AddDays(-290);
        var before = await app.WithDbAsync(db => db.AttemptCounts.SumAsync(c => c.Count));

        // The second row breaks a constraint (no address), so the whole SaveChanges rolls back, counts included.
        await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(db =>
        {
            db.LoginAttempts.Add(new LoginAttempt { At = at, UserName = "ROLLBACK@EXAMPLE.COM", Address = "203.0.113.202", Outcome = LoginOutcome.WrongPassword });
            db.LoginAttempts.Add(new LoginAttempt { At = at, UserName = "ROLLBACK@EXAMPLE.COM", Address = null!, Outcome = LoginOutcome.WrongPassword });
            return db.SaveChangesAsync();
        }));

        Assert.Equal(before, await app.WithDbAsync(db => db.AttemptCounts.SumAsync(c => c.Count)));
    }
}

/// <summary>On demo data, every dashboard figure read from the counts equals the same figure computed from the attempts.</summary>
public sealed class DashboardFromCountsTests(DashboardFromCountsTests.DemoFactory app) : IClassFixture<DashboardFromCountsTests.DemoFactory>
{
    /// <summary>The host with demo data written once, before the tests read it.</summary>
    public sealed class DemoFactory : AppFactory
    {
        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoDataGenerator>().GenerateAsync(3_000, 15, null, CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(DashboardRange.Day)]
    [InlineData(DashboardRange.Week)]
    [InlineData(DashboardRange.Month)]
    public async Task The_dashboard_from_counts_equals_the_dashboard_from_attempts(DashboardRange range)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = await scope.ServiceProvider.GetRequiredService<DashboardQueries>().GetAsync(range, TestContext.Current.CancellationToken);
        var attempts = await scope.ServiceProvider.GetRequiredService<SecurityDbContext>().LoginAttempts.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);

        var now = app.Time.GetUtcNow();
        var days = range switch { DashboardRange.Week => 7, DashboardRange.Month => 30, _ => 1 };
        var firstHour = (now - TimeSpan.FromDays(days)).UtcTicks / TimeSpan.TicksPerHour;
        var dayHour = (now - TimeSpan.FromDays(1)).UtcTicks / TimeSpan.TicksPerHour;
        var failed = attempts.Where(a => LoginOutcomes.Failures.Contains(a.Outcome)).ToList();
        List<Ranked> Top(Func<LoginAttempt, string> key) => failed.Where(a => a.Hour >= firstHour && key(a) != "")
            .GroupBy(key).Select(g => new Ranked(g.Key, g.Sum(a => (long)a.Count)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Name, StringComparer.Ordinal).Take(10).ToList();

        Assert.Equal(failed.Where(a => a.Hour >= dayHour).Sum(a => (long)a.Count), data.FailedLastDay);
        long InRange(params LoginOutcome[] outcomes) => attempts.Where(a => a.Hour >= firstHour && outcomes.Contains(a.Outcome)).Sum(a => (long)a.Count);
        Assert.Equal(InRange(LoginOutcome.Succeeded), data.Series.Sum(p => p.Succeeded));
        Assert.Equal(InRange(LoginOutcomes.Failures.Except([LoginOutcome.LockedOut]).ToArray()), data.Series.Sum(p => p.Failed));
        Assert.Equal(InRange(LoginOutcome.LockedOut), data.Series.Sum(p => p.LockedOut));
        Assert.Equal(InRange(LoginOutcome.AddressBlocked, LoginOutcome.Throttled), data.Series.Sum(p => p.Rejected));
        Assert.Equal(Top(a => a.Address), data.TopFailingAddresses);
        Assert.Equal(Top(a => a.UserName).Select(r => r with { Name = r.Name.ToLowerInvariant() }), data.TopTargetedAccounts);
        Assert.NotEmpty(data.TopFailingAddresses);
    }
}
