using System.Data.Common;
using AdminConsole.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// The real app host over HTTP (in-memory server) on its own temporary SQLite file, with time from a
/// <see cref="FakeTimeProvider"/> and a switch that makes every database write fail.
/// </summary>
public sealed class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"adminconsole-test-{Guid.NewGuid():N}.db");

    public FakeTimeProvider Time { get; } = new(Start);

    public WriteFault Fault { get; } = new();

    /// <summary>Extra configuration for one factory (e.g. <c>Lockout:ShowRemainingAttempts</c>).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:AdminConsole", $"Data Source={databasePath}");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton(Fault);
            services.ConfigureDbContext<SqliteSecurityDbContext>(o => o.AddInterceptors(Fault));
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>();
        });
    }

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Creates a confirmed account with a unique email and returns the email.</summary>
    public async Task<string> CreateUserAsync(string password = TestPasswords.Good, string? role = null)
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        if (role is not null)
        {
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }

        return email;
    }

    public async Task<T> WithDbAsync<T>(Func<SecurityDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SecurityDbContext>());
    }

    public ValueTask InitializeAsync()
    {
        _ = Server; // starts the host: migrations and seeding run now
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }
}

/// <summary>When on, every statement that writes fails as if the database were unreachable.</summary>
public sealed class WriteFault : DbCommandInterceptor
{
    public volatile bool On;

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Fail(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Fail(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Fail(DbCommand command)
    {
        var text = command.CommandText.TrimStart();
        if (On && (text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException("Simulated database outage.");
        }
    }
}

public static class TestPasswords
{
    public const string Good = "correct horse battery staple";
    public const string Wrong = "definitely the wrong one";
}
