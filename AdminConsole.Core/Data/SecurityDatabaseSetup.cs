using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Data;

/// <summary>The database (<c>Database:*</c>, <c>ConnectionStrings:AdminConsole</c>) and the data-protection key ring kept in it.</summary>
public static class SecurityDatabaseSetup
{
    public static IHostApplicationBuilder AddSecurityDatabase(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<DatabaseOptions, DatabaseOptionsValidator>(DatabaseOptions.Section);
        var configuration = builder.Configuration;
        var provider = configuration.GetValue(DatabaseOptions.Section + ":" + nameof(DatabaseOptions.Provider), DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);

        // An unsupported provider or a missing SQL Server connection string registers no context:
        // DatabaseOptionsValidator stops the start with the key to fix.
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = DatabaseInitializer.PrepareSqlite(connectionString ?? DatabaseOptions.DefaultSqliteConnection);
                services.AddDbContext<SecurityDbContext, SqliteSecurityDbContext>((sp, o) => o.UseSqlite(sqlite).AddInterceptors(sp.GetRequiredService<Notifications.SecurityEventEffects>(), new SqliteBusyTimeout()));
                break;
            case DatabaseProvider.SqlServer when !string.IsNullOrWhiteSpace(connectionString):
                services.AddDbContext<SecurityDbContext, SqlServerSecurityDbContext>((sp, o) => o.UseSqlServer(connectionString).AddInterceptors(sp.GetRequiredService<Notifications.SecurityEventEffects>()));
                break;
        }

        // One key ring for every instance and restart, in the database (keys in a home folder die with the
        // container). The application name is fixed so that instances in other folders share the ring.
        services.AddDataProtection()
            .SetApplicationName("AdminConsole")
            .PersistKeysToDbContext<SecurityDbContext>();
        services.TryAddSingleton<ServerSecrets>();
        return builder;
    }
}
