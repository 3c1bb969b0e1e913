using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Core.Data;

/// <summary>
/// Lets <c>dotnet ef</c> build each provider's context with the same Identity store options as the app, so the
/// generated migrations match the runtime model.
/// </summary>
internal static class DesignTime
{
    public static DbContextOptions<T> Options<T>(Func<DbContextOptionsBuilder<T>, DbContextOptionsBuilder<T>> provider)
        where T : DbContext
    {
        var services = new ServiceCollection().Configure<IdentityOptions>(ServiceCollectionExtensions.ConfigureIdentity).BuildServiceProvider();
        return provider(new DbContextOptionsBuilder<T>().UseApplicationServiceProvider(services)).Options;
    }
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSecurityDbContext>
{
    public SqliteSecurityDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<SqliteSecurityDbContext>(b => b.UseSqlite(DatabaseOptions.DefaultSqliteConnection)));
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerSecurityDbContext>
{
    public SqlServerSecurityDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<SqlServerSecurityDbContext>(b => b.UseSqlServer("Server=.;Database=AdminConsole;Trusted_Connection=True;TrustServerCertificate=True")));
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlSecurityDbContext>
{
    public PostgreSqlSecurityDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<PostgreSqlSecurityDbContext>(b => b.UseNpgsql("Host=localhost;Database=adminconsole;Username=adminconsole")));
}
