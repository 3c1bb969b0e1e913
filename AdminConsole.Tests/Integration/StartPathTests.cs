using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Tests.Integration;

/// <summary>What a start does before the first request (issue 29, item 2): migrate when needed, and only then.</summary>
public sealed class StartPathTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_first_start_migrates_and_a_restart_on_the_migrated_database_runs_no_migration_and_serves_sign_in()
    {
        var database = Path.Combine(Path.GetTempPath(), $"adminconsole-start-{Guid.NewGuid():N}.db");
        bool firstMigrated;
        await using (var first = new Host(database) { KeepDatabase = true })
        {
            await first.InitializeAsync();
            firstMigrated = first.Statements.Any(IsMigration);
        }

        await using var restarted = new Host(database);
        await restarted.InitializeAsync();
        using var page = await restarted.Client().GetAsync("/Account/Login", Cancel);

        Assert.True(firstMigrated);
        Assert.DoesNotContain(restarted.Statements, IsMigration);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Empty(await restarted.WithDbAsync(db => db.Database.GetPendingMigrationsAsync(Cancel)));
    }

    /// <summary>EF's migration lock (SQLite) or a table being made: what only a migration runs.</summary>
    private static bool IsMigration(string sql) =>
        sql.Contains("__EFMigrationsLock", StringComparison.Ordinal) || sql.Contains("CREATE TABLE \"LoginAttempts\"", StringComparison.Ordinal);

    private sealed class Host(string database) : AppFactory(database)
    {
        private readonly Capture capture = new();

        public IReadOnlyCollection<string> Statements => capture.Texts;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
                services.ConfigureDbContext<Core.Data.SqliteSecurityDbContext>(o => o.AddInterceptors(capture)));
        }
    }

    private sealed class Capture : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> texts = new();

        public IReadOnlyCollection<string> Texts => texts;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            texts.Enqueue(command.CommandText);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            texts.Enqueue(command.CommandText);
            return base.NonQueryExecuting(command, eventData, result);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            texts.Enqueue(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
