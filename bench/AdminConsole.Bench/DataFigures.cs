using System.Diagnostics;
using AdminConsole.Core;
using AdminConsole.Core.Accounts;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Data;
using AdminConsole.Core.Demo;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Policy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Bench;

/// <summary>P4 and P7: the console's queries on databases of 10,000 to 10,000,000 attempts, and their size (SQLite, or PostgreSQL with --postgresql).</summary>
public static class DataFigures
{
    private sealed record Timing(string Name, double Milliseconds);

    public static async Task RunAsync(Table table, int[] sizes)
    {
        var results = new Dictionary<int, List<Timing>>();
        var bytesPerMillion = new Dictionary<int, double>();
        var folder = Path.GetTempPath();
        foreach (var size in sizes)
        {
            var name = BenchDatabase.NewName(size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            try
            {
                results[size] = await MeasureAsync(BenchDatabase.Settings(name, folder), size);
                bytesPerMillion[size] = await BenchDatabase.SizeAsync(name, folder) / (size / 1_000_000.0);
            }
            finally
            {
                await BenchDatabase.DropAsync(name, folder);
            }
        }

        var on = BenchDatabase.IsPostgreSql ? ", PostgreSQL" : "";
        var reference = results[sizes[0]];
        foreach (var size in sizes.Skip(1))
        {
            foreach (var (timing, i) in results[size].Select((t, i) => (t, i)))
            {
                if (timing.Name == RehearsalName)
                {
                    table.Add("P9", $"{timing.Name} at {size:N0} attempts{on}", $"{timing.Milliseconds / 1000:F2} s", "both policies in one pass",
                        size <= 1_000_000 ? "under 10 s" : "reported (the target is at 1,000,000)", size <= 1_000_000 ? timing.Milliseconds < 10_000 : null);
                    continue;
                }

                var target = timing.Name.StartsWith("dashboard", StringComparison.Ordinal) ? (size >= 10_000_000 ? 300 : 100) : 50;
                table.Add("P4", $"{timing.Name} at {size:N0} attempts{on}", $"{timing.Milliseconds:F1} ms",
                    $"{timing.Milliseconds / reference[i].Milliseconds:F1}x the {sizes[0]:N0}-row {reference[i].Milliseconds:F1} ms",
                    $"under {target} ms", timing.Milliseconds < target);
            }

            table.Add("P7", $"database growth at {size:N0} attempts{on}", $"{bytesPerMillion[size] / 1048576:F0} MB per 1M attempts", BenchDatabase.IsPostgreSql ? "database size incl. indexes" : "file size incl. indexes", "reported", null);
        }
    }

    /// <summary>
    /// P4 on a database someone already has (a copy of production, or a large file kept between runs): migrated
    /// if needed, analysed, then the same queries; nothing is seeded and the file is kept.
    /// </summary>
    public static async Task RunOnFileAsync(Table table, string path)
    {
        if (BenchDatabase.IsPostgreSql)
        {
            throw new ArgumentException("--attempts-db times a SQLite file; leave out --postgresql.");
        }

        var timings = await MeasureAsync(new() { ["ConnectionStrings:AdminConsole"] = $"Data Source={path}" }, size: null);
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM LoginAttempts";
        var rows = Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var timing in timings)
        {
            if (timing.Name == RehearsalName)
            {
                table.Add("P9", $"{timing.Name} at {rows:N0} attempts ({Path.GetFileName(path)})", $"{timing.Milliseconds / 1000:F2} s", "both policies in one pass", "under 10 s", timing.Milliseconds < 10_000);
                continue;
            }

            var target = timing.Name.StartsWith("dashboard", StringComparison.Ordinal) ? (rows >= 10_000_000 ? 300 : 100) : 50;
            table.Add("P4", $"{timing.Name} at {rows:N0} attempts ({Path.GetFileName(path)})", $"{timing.Milliseconds:F1} ms", "median of 7 after a warm-up",
                $"under {target} ms", timing.Milliseconds < target);
        }
    }

    private static async Task<List<Timing>> MeasureAsync(Dictionary<string, string> settings, int? size, bool rehearsalOnly = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.Configuration["App:PublicBaseUrl"] = "http://localhost:5080";
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection();
        builder.AddAdminConsoleCore();
        using var host = builder.Build();
        await DatabaseInitializer.InitializeAsync(host.Services, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            if (size is { } attempts)
            {
                await scope.ServiceProvider.GetRequiredService<DemoDataGenerator>().GenerateAsync(attempts, 40, null, CancellationToken.None);
            }

            var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
            await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;" : "ANALYZE;");
        }

        Console.WriteLine(size is { } seeded ? $"  seeded {seeded:N0} attempts on {BenchDatabase.Provider} in {clock.Elapsed.TotalSeconds:F0} s" : $"  migrated and analysed in {clock.Elapsed.TotalSeconds:F0} s");
        if (rehearsalOnly)
        {
            return [await TimeRehearsalAsync(host)];
        }

        var since = DateTimeOffset.UtcNow.AddDays(-1);
        var timings = new List<Timing>
        {
            await TimeAsync(host, "dashboard, 24 h", (DashboardQueries q) => q.GetAsync(DashboardRange.Day, CancellationToken.None)),
            await TimeAsync(host, "dashboard, 30 d", (DashboardQueries q) => q.GetAsync(DashboardRange.Month, CancellationToken.None)),
            await TimeAsync(host, "accounts page, first", (AccountQueries q) => q.ListAsync(new AccountQuery(), CancellationToken.None)),
            await TimeAsync(host, "accounts page, locked, by failures", (AccountQueries q) => q.ListAsync(new AccountQuery(State: AccountState.Locked, Sort: AccountSort.Failures, Descending: true), CancellationToken.None)),
            await TimeAsync(host, "attempts page, first", (AttemptQueries q) => q.ListAsync(new AttemptQuery(), CancellationToken.None)),
            await TimeAsync(host, "attempts page, 24 h wrong passwords from a /16", (AttemptQueries q) => q.ListAsync(new AttemptQuery(From: since, Outcome: LoginOutcome.WrongPassword, Address: "198.18.0.0/16"), CancellationToken.None)),
        };
        if (size is null or >= 1_000_000)
        {
            timings.Add(await TimeRehearsalAsync(host));
        }

        return timings;
    }

    /// <summary>
    /// P9: the policy rehearsal over every stored attempt (30 days cover the demo's two weeks), the policy in force
    /// and a stricter one replayed together, once after a warm-up, as the Policy page runs it.
    /// </summary>
    private static async Task<Timing> TimeRehearsalAsync(IHost host)
    {
        var stricter = new RehearsalPolicy(
            new LockoutPolicyOptions { Tiers = [new() { Failures = 3, Duration = TimeSpan.FromMinutes(30) }, new() { Failures = 6, Duration = TimeSpan.FromHours(2) }, new() { Failures = 9 }] },
            new AddressBlockingOptions { Failures = 5 });
        RehearsalResult? result = null;
        var runs = new List<double>();
        for (var i = 0; i < 2; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var rehearsal = scope.ServiceProvider.GetRequiredService<PolicyRehearsal>();
            var (from, to) = rehearsal.LastDays(PolicyRehearsal.DefaultDays);
            var clock = Stopwatch.StartNew();
            result = await rehearsal.RunAsync(stricter, from, to.AddDays(1), null, CancellationToken.None);
            runs.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"  rehearsal: {result!.Attempts:N0} attempts replayed in {runs[^1] / 1000:F2} s (cold {runs[0] / 1000:F2} s); "
            + $"locks in force {result.Current.Locks:N0}, as edited {result.Candidate.Locks:N0}; blocks {result.Current.AddressBlocks:N0} / {result.Candidate.AddressBlocks:N0}");
        return new Timing(RehearsalName, runs[^1]);
    }

    public const string RehearsalName = "policy rehearsal, 30 d";

    /// <summary><c>--rehearsal</c>: seeds 1,000,000 attempts and prints only the rehearsal's time (P9).</summary>
    public static async Task RehearsalOnlyAsync(Table table, int size = 1_000_000)
    {
        var folder = Path.GetTempPath();
        var name = BenchDatabase.NewName("rehearsal");
        try
        {
            var t = (await MeasureAsync(BenchDatabase.Settings(name, folder), size, rehearsalOnly: true)).Single(x => x.Name == RehearsalName);
            table.Add("P9", $"{t.Name} at {size:N0} attempts{(BenchDatabase.IsPostgreSql ? ", PostgreSQL" : "")}", $"{t.Milliseconds / 1000:F2} s", "both policies in one pass", "under 10 s", t.Milliseconds < 10_000);
        }
        finally
        {
            await BenchDatabase.DropAsync(name, folder);
        }
    }

    /// <summary>The median of 7 runs after one warm-up, each in its own scope (a fresh context, as the console does).</summary>
    private static async Task<Timing> TimeAsync<TService, TResult>(IHost host, string name, Func<TService, Task<TResult>> query)
        where TService : notnull
    {
        var runs = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<TService>();
            var clock = Stopwatch.StartNew();
            await query(service);
            if (i > 0)
            {
                runs.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        runs.Sort();
        return new Timing(name, runs[runs.Count / 2]);
    }
}
