using AdminConsole.Core.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AdminConsole.Core.Data;

/// <summary>Creates and migrates the database on start, then seeds what configuration asks for.</summary>
public static class DatabaseInitializer
{
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value; // validated first: a bad Database:* stops here
        var db = provider.GetRequiredService<SecurityDbContext>();
        if (db.Database.IsSqlite())
        {
            var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        // Instances that start at the same moment on PostgreSQL take turns: a session-level advisory lock, held on
        // the connection EF migrates and seeds on, makes the first migrate and seed and the others find it done.
        var serialised = db.Database.IsNpgsql();
        if (serialised)
        {
            await CreatePostgreSqlDatabaseAsync(db, cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({InitializationLock})", cancellationToken);
        }

        try
        {
            await MigrateAndSeedAsync(db, options, provider, cancellationToken);
        }
        finally
        {
            if (serialised)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({InitializationLock})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }

        // Address rules are in memory before the first request is served.
        await provider.GetRequiredService<IpProtection.AddressRuleCache>().RefreshAsync(cancellationToken);
        await provider.GetRequiredService<Policy.PolicyStore>().RefreshAsync(cancellationToken);
    }

    /// <summary>The advisory lock key of start-up on PostgreSQL (any constant the app uses for nothing else).</summary>
    private const long InitializationLock = 0x41646D696E436F;

    /// <summary>The database itself, when the server has none yet (instances starting together: one creates it).</summary>
    private static async Task CreatePostgreSqlDatabaseAsync(SecurityDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
            {
                // Created by another instance a moment ago.
            }
        }
    }

    private static async Task MigrateAndSeedAsync(SecurityDbContext db, DatabaseOptions options, IServiceProvider provider, CancellationToken cancellationToken)
    {
        if (options.MigrateOnStart || db.Database.IsSqlite())
        {
            var applied = await AppliedMigrationsAsync(db, cancellationToken);

            // A database that has every migration this build knows is left alone. MigrateAsync would find nothing
            // to apply, but first builds the design-time model a second time to compare it with the last
            // migration's snapshot (EF's check for a model change without a migration, a developer's mistake that
            // every fresh database, the tests' included, still meets): the longest part of a start on a migrated
            // database. Any unapplied migration, or a first start, migrates as before, before the first request.
            if (db.Database.GetMigrations().Any(m => !applied.Contains(m)))
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside the one writer; the busy timeout in the connection string makes
            // parallel sign-ins queue for the write lock instead of failing.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await FillAddressKeysAsync(db, cancellationToken);
        await IdentitySeeder.SeedAsync(provider, cancellationToken);
        await OpenId.OpenIdClientSync.SynchroniseAsync(provider, cancellationToken);

        // The OpenID Connect keys exist before the first request: the server's options are built from them on the
        // first request, which may come while the database cannot be written.
        if (provider.GetService<OpenId.OpenIdKeyRing>() is { } keys)
        {
            await keys.RefreshAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The migrations the database has. A database made by a build from before the migrations were merged into one
    /// initial migration per provider names migrations this build does not have: say so plainly instead of failing
    /// on "table already exists".
    /// </summary>
    private static async Task<HashSet<string>> AppliedMigrationsAsync(SecurityDbContext db, CancellationToken cancellationToken)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        if (applied.FirstOrDefault(m => !known.Contains(m)) is { } earlier)
        {
            throw new InvalidOperationException(
                $"This database was created by an earlier development build (it has migration {earlier}, which this build does not know): "
                + "before the first release the migrations were merged into one. Recreate it: delete the SQLite file (or drop the database) and start again.");
        }

        return applied;
    }

    /// <summary>
    /// Attempts written before they carried <see cref="Attempts.LoginAttempt.AddressKey"/> get it: one UPDATE per
    /// distinct address (SQL cannot parse addresses), found through the key's index, so later starts cost one seek.
    /// </summary>
    private static async Task FillAddressKeysAsync(SecurityDbContext db, CancellationToken cancellationToken)
    {
        var addresses = await db.LoginAttempts.Where(a => a.AddressKey == null).Select(a => a.Address).Distinct().ToListAsync(cancellationToken);
        foreach (var address in addresses)
        {
            if (IpProtection.ClientAddress.SortKey(address) is { } key)
            {
                await db.LoginAttempts.Where(a => a.AddressKey == null && a.Address == address)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.AddressKey, key), cancellationToken);
            }
        }
    }

    /// <summary>The SQLite connection string with the settings the pipeline relies on.</summary>
    public static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Default Timeout", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("DefaultTimeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }
}
