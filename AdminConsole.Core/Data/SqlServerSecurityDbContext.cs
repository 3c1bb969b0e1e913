namespace AdminConsole.Core.Data;

/// <summary>SQL Server: native <c>datetimeoffset</c> columns, its own migrations.</summary>
public sealed class SqlServerSecurityDbContext(DbContextOptions<SqlServerSecurityDbContext> options) : SecurityDbContext(options);
