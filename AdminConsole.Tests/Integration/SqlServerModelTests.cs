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
        foreach (var table in new[] { "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "AspNetUserPasskeys", "AccountLockouts", "LoginAttempts", "SecurityEvents", "IpRules", "AddressThrottles" })
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }

        foreach (var index in new[]
        {
            "IX_LoginAttempts_At_ForTimeRange", "IX_LoginAttempts_Address_At_ForAddressHistory",
            "IX_LoginAttempts_UserName_At_ForNameHistory", "IX_LoginAttempts_UserId_At_ForAccountHistory",
            "IX_SecurityEvents_At_ForTimeRange", "IX_AccountLockouts_LockedUntil_ForLockedNow", "UserNameIndex",
            "IX_IpRules_EndedAt_ExpiresAt_ForActiveRules", "IX_IpRules_Network_CreatedAt_ForAddressHistory",
        })
        {
            Assert.Contains($"CREATE INDEX [{index}]", script.Replace("CREATE UNIQUE INDEX", "CREATE INDEX"));
        }

        Assert.Contains("[LockedUntil] datetimeoffset NULL", script);
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
}
