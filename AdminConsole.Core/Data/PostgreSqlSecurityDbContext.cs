namespace AdminConsole.Core.Data;

/// <summary>PostgreSQL: native <c>timestamp with time zone</c> columns (UTC), its own migrations.</summary>
public sealed class PostgreSqlSecurityDbContext(DbContextOptions<PostgreSqlSecurityDbContext> options) : SecurityDbContext(options);
