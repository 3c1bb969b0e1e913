namespace AdminConsole.Tests.Integration;

/// <summary>The SQLite settings the pipeline's concurrency relies on, read back from the app's own connections.</summary>
public sealed class SqliteSettingsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<long> PragmaAsync(string name) => app.WithDbAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        var value = await command.ExecuteScalarAsync();
        return value is string text ? (text == "wal" ? 1L : 0L) : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    });

    [Fact]
    public async Task Every_connection_lets_sqlite_wait_for_the_write_lock_for_the_default_timeout()
    {
        // SQLite's own busy handler retries within milliseconds; the driver's fallback sleeps 150 ms per retry.
        Assert.Equal(30_000, await PragmaAsync("busy_timeout"));
        Assert.Equal(30_000, await PragmaAsync("busy_timeout"));
    }

    [Fact]
    public async Task The_database_runs_in_write_ahead_log_mode()
    {
        Assert.Equal(1, await PragmaAsync("journal_mode"));
    }

    [Fact]
    public async Task The_dashboard_counts_live_in_their_primary_key_and_are_kept_by_the_trigger()
    {
        var schema = await app.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE name IN ('AttemptCounts', 'TR_LoginAttempts_Counts') ORDER BY name")
            .ToListAsync());

        Assert.Equal(2, schema.Count);
        Assert.EndsWith("WITHOUT ROWID", schema[0].Trim());
        Assert.StartsWith("CREATE TRIGGER TR_LoginAttempts_Counts AFTER INSERT ON LoginAttempts", schema[1].Trim());
    }
}
