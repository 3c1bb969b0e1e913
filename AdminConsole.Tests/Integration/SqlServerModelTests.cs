using AdminConsole.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// No SQL Server runs here: its model is proven by the idempotent script its migrations generate, and by EF
/// finding no model change that a migration lacks, for both providers.
/// </summary>
public sealed class SqlServerModelTests
{
    private static SqlServerSecurityDbContext SqlServer() =>
        new SqlServerDesignTimeFactory().CreateDbContext([]);

    [Fact]
    public void The_idempotent_script_creates_identity_tables_ours_and_their_indexes()
    {
        using var db = SqlServer();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script);
        foreach (var table in new[] { "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "AspNetUserPasskeys", "AccountLockouts", "LoginAttempts", "SecurityEvents", "IpRules", "AddressThrottles", "AttemptCounts", "DataProtectionKeys" })
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }

        foreach (var index in new[]
        {
            "IX_LoginAttempts_At_ForTimeRange", "IX_LoginAttempts_AddressKey_At_ForAddressHistory",
            "IX_LoginAttempts_UserName_At_ForNameHistory", "IX_LoginAttempts_UserId_At_ForAccountHistory",
            "IX_SecurityEvents_At_ForTimeRange", "IX_AccountLockouts_LockedUntil_ForLockedNow", "UserNameIndex",
            "IX_IpRules_EndedAt_ExpiresAt_ForActiveRules", "IX_IpRules_Network_CreatedAt_ForAddressHistory",
        })
        {
            Assert.Contains($"CREATE INDEX [{index}]", script.Replace("CREATE UNIQUE INDEX", "CREATE INDEX"));
        }

        Assert.Contains("[LockedUntil] datetimeoffset NULL", script);
        Assert.Contains("[AddressKey] varchar(32) NULL", script);
    }

    [Fact]
    public void The_sql_server_script_creates_the_counting_trigger_in_a_batch_of_its_own_and_one_initial_migration()
    {
        using var db = SqlServer();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        // CREATE TRIGGER must begin its batch: inside the idempotent script's IF block it has to run through EXEC.
        var trigger = script.IndexOf("CREATE TRIGGER [TR_LoginAttempts_Counts] ON [LoginAttempts] AFTER INSERT", StringComparison.Ordinal);
        Assert.True(trigger > 0, "The script creates the trigger.");
        Assert.Contains("EXEC(N'", script[Math.Max(0, trigger - 200)..trigger]);
        Assert.Contains("MERGE [AttemptCounts] WITH (HOLDLOCK)", script);
        Assert.Equal(["Initial"], db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]));
    }

    [Fact]
    public void The_whole_sql_server_script_is_valid_t_sql()
    {
        using var db = SqlServer();
        var migrator = db.GetService<IMigrator>();

        foreach (var options in new[] { MigrationsSqlGenerationOptions.Idempotent, MigrationsSqlGenerationOptions.Default })
        {
            var script = migrator.GenerateScript(options: options);
            var parser = new Microsoft.SqlServer.TransactSql.ScriptDom.TSql160Parser(initialQuotedIdentifiers: true);
            parser.Parse(new StringReader(script), out var errors);

            Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}")));
        }
    }

    [Fact]
    public void The_t_sql_check_catches_a_trigger_that_does_not_begin_its_batch()
    {
        const string script = "IF 1 = 1\nBEGIN\n    CREATE TRIGGER [T] ON [X] AFTER INSERT AS BEGIN SET NOCOUNT ON; END\nEND;\nGO\n";
        new Microsoft.SqlServer.TransactSql.ScriptDom.TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(script), out var errors);

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Sql_server_migrations_are_current_with_the_model()
    {
        using var db = SqlServer();
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void Sqlite_migrations_are_current_with_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void PostgreSql_migrations_are_current_with_the_model()
    {
        using var db = new PostgreSqlDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges());
    }
}
