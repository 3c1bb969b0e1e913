using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Data;

/// <summary>
/// The database (<c>Database:*</c>, <c>ConnectionStrings:AdminConsole</c>) and the data-protection key ring kept in it,
/// encrypted at rest when <c>DataProtection:*</c> names a certificate (<see cref="KeyRingProtection"/>).
/// </summary>
public static class SecurityDatabaseSetup
{
    public static IHostApplicationBuilder AddSecurityDatabase(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<DatabaseOptions, DatabaseOptionsValidator>(DatabaseOptions.Section);
        var configuration = builder.Configuration;
        var provider = configuration.GetValue(DatabaseOptions.Section + ":" + nameof(DatabaseOptions.Provider), DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);

        // An unsupported provider or a missing or malformed server connection string registers no context:
        // DatabaseOptionsValidator stops the start with the key to fix.
        services.TryAddSingleton<AfterCommit>();
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = DatabaseInitializer.PrepareSqlite(connectionString ?? DatabaseOptions.DefaultSqliteConnection);
                services.AddDbContext<SecurityDbContext, SqliteSecurityDbContext>((sp, o) => o.UseSqlite(sqlite).AddInterceptors(sp.GetRequiredService<AfterCommit>(), new SqliteBusyTimeout()));
                break;
            case DatabaseProvider.SqlServer when !string.IsNullOrWhiteSpace(connectionString):
                services.AddDbContext<SecurityDbContext, SqlServerSecurityDbContext>((sp, o) => o.UseSqlServer(connectionString).AddInterceptors(sp.GetRequiredService<AfterCommit>()));
                break;
            case DatabaseProvider.PostgreSql when IsValidPostgreSqlConnection(connectionString):
                var postgres = PreparePostgreSql(connectionString!);
                services.AddDbContext<SecurityDbContext, PostgreSqlSecurityDbContext>((sp, o) => o.UseNpgsql(postgres).AddInterceptors(sp.GetRequiredService<AfterCommit>()));
                break;
        }

        // One key ring for every instance and restart, in the database (keys in a home folder die with the
        // container). The application name is fixed so that instances in other folders share the ring.
        services.AddDataProtection()
            .SetApplicationName("AdminConsole")
            .PersistKeysToDbContext<SecurityDbContext>()
            .ProtectKeysAtRest(configuration);
        services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.Section);
        services.TryAddSingleton<ServerSecrets>();
        return builder;
    }

    internal static bool IsValidPostgreSqlConnection(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// The Npgsql connection string with a pool of at most 30 connections unless the operator chose a size: a burst
    /// of parallel sign-ins then waits briefly for a pooled connection instead of asking the server to start a
    /// backend for each (a hundred at once overrun its accept queue and time out), and three instances stay within
    /// PostgreSQL's default of 100 connections. A stopped server refuses connections at once, so sign-ins fail
    /// closed (503) without waiting for the connect timeout.
    /// </summary>
    internal static string PreparePostgreSql(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("Max Pool Size"))
        {
            builder.MaxPoolSize = 30;
        }

        return builder.ConnectionString;
    }
}
