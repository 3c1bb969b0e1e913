using Npgsql;

namespace AdminConsole.Bench;

/// <summary>
/// Where the bench keeps its databases: SQLite files by default, or on the PostgreSQL server named by
/// <c>ADMINCONSOLE_BENCH_POSTGRESQL</c> (a connection string without a database; <c>./bench.sh --postgresql</c> starts a
/// throwaway cluster and sets it). Each database is created by the app, as on a first start, and dropped afterwards.
/// </summary>
public static class BenchDatabase
{
    private static readonly string? Server = Environment.GetEnvironmentVariable("ADMINCONSOLE_BENCH_POSTGRESQL");

    public static bool IsPostgreSql => !string.IsNullOrWhiteSpace(Server);

    /// <summary>The provider's name, for the figures' labels.</summary>
    public static string Provider => IsPostgreSql ? "PostgreSQL" : "SQLite";

    /// <summary>A fresh database's name: a file name in <paramref name="folder"/> on SQLite, a database on PostgreSQL.</summary>
    public static string NewName(string purpose) => $"adminconsole_bench_{purpose}_{Guid.NewGuid():N}"[..48];

    /// <summary>The database kept in a folder the caller owns (the same name for every start with that folder).</summary>
    public static string NameFor(string folder) =>
        "adminconsole_bench_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(folder)))[..16];

    /// <summary>The settings that point the app at database <paramref name="name"/> (a file in <paramref name="folder"/> on SQLite).</summary>
    public static Dictionary<string, string> Settings(string name, string folder) => IsPostgreSql
        ? new() { ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:AdminConsole"] = ConnectionString(name) }
        : new() { ["ConnectionStrings:AdminConsole"] = $"Data Source={SqlitePath(name, folder)}" };

    public static string SqlitePath(string name, string folder) => Path.Combine(folder, name + ".db");

    private static string ConnectionString(string database) => new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;

    /// <summary>The database's size on disk, indexes included.</summary>
    public static async Task<long> SizeAsync(string name, string folder)
    {
        if (!IsPostgreSql)
        {
            return new FileInfo(SqlitePath(name, folder)).Length;
        }

        await using var connection = new NpgsqlConnection(ConnectionString(name));
        await connection.OpenAsync();
        await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)(await size.ExecuteScalarAsync())!;
    }

    /// <summary>Removes the database: the SQLite file and its journals, or the PostgreSQL database.</summary>
    public static async Task DropAsync(string name, string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!IsPostgreSql)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(SqlitePath(name, folder) + suffix);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
