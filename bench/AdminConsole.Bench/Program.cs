using AdminConsole.Bench;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// dotnet bench/AdminConsole.Bench/bin/Release/net10.0/AdminConsole.Bench.dll [--full] [--micro] [--rehearsal] [--postgresql] [--skip-data] [--attempts-db FILE] [--skip-http] [--skip-startup] [--skip-circuits] [--pages NAME,...] [--gcdump DIR]
// (./bench.sh builds, installs wrk, and runs this.)
if (args.Contains("--postgresql") && !BenchDatabase.IsPostgreSql)
{
    Console.Error.WriteLine("--postgresql needs ADMINCONSOLE_BENCH_POSTGRESQL, a server's connection string without a database (./bench.sh --postgresql starts a cluster and sets it).");
    return 2;
}

if (args.Contains("--micro"))
{
    var config = DefaultConfig.Instance.AddJob(Job.ShortRun).WithOptions(ConfigOptions.DisableOptimizationsValidator);
    BenchmarkRunner.Run<MicroBenchmarks>(config);
    return 0;
}

if (args.Contains("--rehearsal"))
{
    // Seeds 1,000,000 demo attempts into a fresh SQLite file and times the policy rehearsal over them (P9).
    // An optional size after the flag (default 1,000,000) is for quicker looks while working on it.
    var at = Array.IndexOf(args, "--rehearsal");
    var size = at + 1 < args.Length && int.TryParse(args[at + 1], out var n) ? n : 1_000_000;
    Console.WriteLine($"P9: seeding {size:N0} attempts and timing the policy rehearsal...");
    var only = new Table();
    await DataFigures.RehearsalOnlyAsync(only, size);
    only.Print(Console.Out);
    return 0;
}

var root = FindRoot();
var table = new Table();
Console.WriteLine($"AdminConsole bench: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, database {BenchDatabase.Provider}");
if (Array.IndexOf(args, "--attempts-db") is var dbArg and >= 0)
{
    var file = dbArg + 1 < args.Length ? Path.GetFullPath(args[dbArg + 1]) : throw new ArgumentException("--attempts-db needs the path of a SQLite database.");
    Console.WriteLine($"P4: timing the console's queries on {file} (migrated first if needed; nothing seeded)...");
    await DataFigures.RunOnFileAsync(table, file);
}
else if (!args.Contains("--skip-data"))
{
    int[] sizes = args.Contains("--full") ? [10_000, 1_000_000, 10_000_000] : [10_000, 1_000_000];
    Console.WriteLine($"P4/P7: seeding {string.Join(", ", sizes.Select(s => s.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} attempts and timing the console's queries...");
    await DataFigures.RunAsync(table, sizes);
}

if (!args.Contains("--skip-http"))
{
    Console.WriteLine("P1-P3: starting the Release build...");
    using var backChannel = new BackChannelListener();
    await using var app = await AppProcess.StartAsync(root, backChannelLogoutUri: backChannel.Url);
    await HttpFigures.RunAsync(app, table, backChannel);
}

if (!args.Contains("--skip-startup"))
{
    Console.WriteLine("P8: start-up time and idle memory of the Release build...");
    await StartupFigures.RunAsync(root, table);
}

if (!args.Contains("--skip-circuits"))
{
    // --pages accounts,attempts measures only those console pages (names: CircuitFigures.PageNames)
    var pagesArg = Array.IndexOf(args, "--pages");
    var only = pagesArg >= 0 && pagesArg + 1 < args.Length ? args[pagesArg + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
    if (only?.Except(CircuitFigures.PageNames).ToList() is { Count: > 0 } unknown)
    {
        Console.Error.WriteLine($"--pages: unknown {string.Join(", ", unknown)}; known: {string.Join(", ", CircuitFigures.PageNames)}");
        return 2;
    }

    Console.WriteLine("P5: seeding 20,000 demo attempts, then opening 50 of each console page in Chromium...");
    var gcdumpArg = Array.IndexOf(args, "--gcdump"); // --gcdump DIR: a heap dump of each page with 51 open
    await CircuitFigures.RunAsync(root, table, only, gcdumpArg >= 0 && gcdumpArg + 1 < args.Length ? Path.GetFullPath(args[gcdumpArg + 1]) : null);
}

Console.WriteLine();
table.Print(Console.Out);
return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "AdminConsole.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run the bench from inside the repository.");
}
