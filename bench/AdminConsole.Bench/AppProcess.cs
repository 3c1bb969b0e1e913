using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AdminConsole.Bench;

/// <summary>
/// The Release build of the app on a loopback port with its database (<see cref="BenchDatabase"/>): a fresh one, stopped
/// and dropped on dispose, or the one of a folder the caller owns (kept, so a second start finds a migrated database).
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string folder;
    private readonly bool ownsFolder;
    private readonly Stopwatch sinceLaunch;

    private AppProcess(Process process, string folder, bool ownsFolder, string baseUrl, Stopwatch sinceLaunch)
    {
        this.process = process;
        this.folder = folder;
        this.ownsFolder = ownsFolder;
        this.sinceLaunch = sinceLaunch;
        BaseUrl = baseUrl;
    }

    /// <summary>Time since the process was launched.</summary>
    public TimeSpan SinceLaunch => sinceLaunch.Elapsed;

    public string BaseUrl { get; }

    public int ProcessId => process.Id;

    /// <param name="demoAttempts">When set, the database is first filled by the app's own <c>seed-demo</c> command.</param>
    /// <param name="folder">A folder the caller owns for the database; by default a fresh one deleted on dispose.</param>
    /// <param name="backChannelLogoutUri">When set, the bench's OpenID application (<see cref="OpenIdFigures"/>) is told of ended sessions there.</param>
    public static async Task<AppProcess> StartAsync(string root, int? demoAttempts = null, string? folder = null, string? backChannelLogoutUri = null)
    {
        var appFolder = Path.Combine(root, "AdminConsole", "bin", "Release", "net10.0");
        var ownsFolder = folder is null;
        folder ??= Directory.CreateTempSubdirectory("adminconsole-bench-").FullName;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(appFolder, "AdminConsole.dll"), "--urls", baseUrl])
        {
            WorkingDirectory = appFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development"; // seeds the documented development accounts
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information"; // the 'Now listening' line
        var database = BenchDatabase.NameFor(folder);
        foreach (var (key, value) in BenchDatabase.Settings(database, folder))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Mail__PickupDirectory"] = Path.Combine(folder, "mail");
        start.Environment["Network__TrustedProxies__0"] = "127.0.0.1";
        start.Environment["Console__RequireTwoFactor"] = "false"; // the circuit figures sign the admin in with a password
        // the bench measures the cost of the work, not the request limits: lift them far out of the way
        foreach (var limit in new[] { "SignIn", "Api" })
        {
            start.Environment[$"RateLimits__{limit}__PermitLimit"] = "1000000";
        }

        start.Environment["AddressBlocking__Failures"] = "1000000";

        // The bench's OpenID application (P2b-P2d), after the development "demo" client at index 0.
        const string client = "OpenId__Clients__1__";
        start.Environment[client + "ClientId"] = OpenIdFigures.ClientId;
        start.Environment[client + "DisplayName"] = "Bench application";
        start.Environment[client + "Type"] = "public";
        start.Environment[client + "RedirectUris__0"] = OpenIdFigures.RedirectUri;
        foreach (var (scope, i) in new[] { "openid", "email", "offline_access" }.Select((s, i) => (s, i)))
        {
            start.Environment[client + $"Scopes__{i}"] = scope;
        }

        if (backChannelLogoutUri is not null)
        {
            start.Environment[client + "BackChannelLogoutUri"] = backChannelLogoutUri;
            start.Environment["OpenId__AllowPrivateTargets"] = "true"; // the receiver is on loopback
        }

        if (demoAttempts is { } attempts)
        {
            var seed = new ProcessStartInfo("dotnet", [Path.Combine(appFolder, "AdminConsole.dll"), "seed-demo", "--attempts", attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                WorkingDirectory = appFolder,
                RedirectStandardOutput = true,
            };
            foreach (var (key, value) in start.Environment)
            {
                seed.Environment[key] = value;
            }

            using var seeding = Process.Start(seed) ?? throw new InvalidOperationException("seed-demo did not start.");
            await seeding.StandardOutput.ReadToEndAsync();
            await seeding.WaitForExitAsync();
            if (seeding.ExitCode != 0)
            {
                throw new InvalidOperationException($"seed-demo failed with exit code {seeding.ExitCode}.");
            }
        }

        var launched = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine("  app: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, folder, ownsFolder, baseUrl, launched);
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(180))) != ready.Task || process.HasExited)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException("The app did not report 'Now listening' within 180 s.");
        }

        return app;
    }

    /// <summary>The app's resident memory, in MB.</summary>
    public double WorkingSetMegabytes()
    {
        process.Refresh();
        return process.WorkingSet64 / 1048576.0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (ownsFolder)
        {
            await BenchDatabase.DropAsync(BenchDatabase.NameFor(folder), folder);
            Directory.Delete(folder, recursive: true);
        }
    }
}
