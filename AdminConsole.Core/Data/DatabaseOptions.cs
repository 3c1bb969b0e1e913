namespace AdminConsole.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary><c>Database:*</c>: which provider; the connection string is <c>ConnectionStrings:AdminConsole</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "AdminConsole";
    public const string DefaultSqliteConnection = "Data Source=App_Data/adminconsole.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up (SQLite always needs it; SQL Server and PostgreSQL may use the script instead).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
