using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's server binaries (installed by test.sh): <c>initdb</c> into a new
/// folder under the temp directory, <c>pg_ctl</c> on a free loopback port, trust authentication for loopback only,
/// no durability (the cluster lives as long as the test run). The server refuses to run as root, so as root the
/// tools run as the <c>postgres</c> user. <see cref="Shared"/> serves every host test of the process, one database
/// each; a test that stops its server (an outage) starts its own.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Folders of clusters start with this, so that test.sh can remove what a crashed run left.</summary>
    public const string FolderPrefix = "adminconsole-pg-";

    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(async () =>
    {
        var server = new PostgresServer();
        await server.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    });

    private readonly string folder;
    private readonly bool durable;
    private bool initialised;

    /// <param name="durable">
    /// Keep what was committed across a crash (<see cref="StopAsync"/>), as a production server does. Without it,
    /// commits return before the WAL is flushed: fast for tests that never stop the server.
    /// </param>
    public PostgresServer(bool durable = false)
    {
        this.durable = durable;
        folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N"));
    }

    /// <summary>The cluster every host test of this process uses (started on first use).</summary>
    public static Task<PostgresServer> Shared => SharedServer.Value;

    public int Port { get; } = Loopback.FreePort();

    public static string BinFolder => Environment.GetEnvironmentVariable("ADMINCONSOLE_PG_BIN") is { Length: > 0 } bin
        ? bin
        : Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")).FirstOrDefault(Directory.Exists)
          ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql: run ./test.sh, which installs postgresql.");

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this cluster.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Include Error Detail=true";

    public async Task StartAsync()
    {
        if (!initialised)
        {
            Directory.CreateDirectory(folder);
            if (Environment.IsPrivilegedProcess)
            {
                await RunAsync("/usr/bin/chown", ["postgres:postgres", folder], asPostgres: false);
            }

            await RunAsync(Path.Combine(BinFolder, "initdb"),
                ["-D", Data, "-U", "postgres", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C.UTF-8"], asPostgres: true);
            initialised = true;
        }

        string[] settings =
        [
            "-c", "listen_addresses=127.0.0.1", "-c", $"port={Port.ToString(CultureInfo.InvariantCulture)}",
            "-c", $"unix_socket_directories={folder}", "-c", "max_connections=400",
            .. durable ? Array.Empty<string>() : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
        ];
        await RunAsync(Path.Combine(BinFolder, "pg_ctl"),
            ["-D", Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "30", "-o", string.Join(' ', settings), "start"], asPostgres: true);
    }

    /// <summary>Stops the server at once, as a crash or a cut network would (no clean shutdown), on the same port.</summary>
    public Task StopAsync() => RunAsync(Path.Combine(BinFolder, "pg_ctl"), ["-D", Data, "-m", "immediate", "-w", "stop"], asPostgres: true);

    /// <summary>Creates <paramref name="database"/> unless it exists; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return ConnectionString(database);
    }

    public async Task DropDatabaseAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (initialised && File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string Data => Path.Combine(folder, "data");

    private static async Task RunAsync(string executable, string[] arguments, bool asPostgres)
    {
        var start = asPostgres && Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("/usr/sbin/runuser", ["-u", "postgres", "--", executable, .. arguments])
            : new ProcessStartInfo(executable, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(executable)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
