using AdminConsole.Core.Data;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// Which database the host tests run on: SQLite, the embedded default, unless <c>ADMINCONSOLE_TEST_DATABASE</c> is
/// <c>PostgreSql</c>. test.sh runs the suites marked <see cref="BothTrait"/> a second time that way, each host on its
/// own database of a throwaway cluster (<see cref="PostgresServer"/>).
/// </summary>
public static class TestDatabase
{
    /// <summary>The trait of the suites that run on every provider: <c>[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]</c>.</summary>
    public const string Trait = "Database";

    public const string BothTrait = "SqliteAndPostgreSql";

    public static DatabaseProvider Provider { get; } =
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable("ADMINCONSOLE_TEST_DATABASE"), ignoreCase: true, out var provider)
            ? provider
            : DatabaseProvider.Sqlite;

    public static bool IsPostgreSql => Provider == DatabaseProvider.PostgreSql;

    /// <summary>
    /// The connection string of the database that a SQLite file path names: the file itself, or on PostgreSQL a
    /// database named after the file (created when missing), so that a restart test that reopens a path reopens
    /// the same database.
    /// </summary>
    public static string ConnectionString(string sqlitePath) => IsPostgreSql
        ? PostgresServer.Shared.GetAwaiter().GetResult().CreateDatabaseAsync(DatabaseName(sqlitePath)).GetAwaiter().GetResult()
        : $"Data Source={sqlitePath}";

    /// <summary>Removes the database a path names (the file and its journals, or the PostgreSQL database).</summary>
    public static async Task DeleteAsync(string sqlitePath)
    {
        if (IsPostgreSql)
        {
            await (await PostgresServer.Shared).DropDatabaseAsync(DatabaseName(sqlitePath));
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(sqlitePath + suffix);
        }
    }

    private static string DatabaseName(string sqlitePath) =>
        Path.GetFileNameWithoutExtension(sqlitePath).Replace('-', '_').ToLowerInvariant();
}
