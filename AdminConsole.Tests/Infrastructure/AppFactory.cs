using System.Data.Common;
using AdminConsole.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// The real app host over HTTP (in-memory server) on its own temporary SQLite file (or PostgreSQL database, see
/// <see cref="TestDatabase"/>), with time from a
/// <see cref="FakeTimeProvider"/> and a switch that makes every database write fail.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly string databasePath;

    public AppFactory()
        : this(null)
    {
    }

    /// <summary>A host on an existing database file (a restart), or on a new one.</summary>
    protected AppFactory(string? databasePath)
    {
        this.databasePath = databasePath ?? Path.Combine(Path.GetTempPath(), $"adminconsole-test-{Guid.NewGuid():N}.db");
    }

    /// <summary>Leave the database file when this host is disposed, for the next host of a restart test.</summary>
    public bool KeepDatabase { get; set; }

    /// <summary>The SQLite file the host uses (created by the host's start unless a test creates it first).</summary>
    protected string DatabasePath => databasePath;

    /// <summary><see cref="DatabasePath"/>, for a test that prepares the file before the host starts.</summary>
    public string DatabaseFile => databasePath;

    /// <summary>The provider the host runs on (<see cref="TestDatabase.Provider"/>).</summary>
    public static Core.Data.DatabaseProvider Provider => TestDatabase.Provider;

    /// <summary>The host's connection string: its SQLite file, or its own PostgreSQL database.</summary>
    public string ConnectionString => connectionString ??= TestDatabase.ConnectionString(databasePath);

    private string? connectionString;

    public FakeTimeProvider Time { get; } = new(Start);

    public WriteFault Fault { get; } = new();

    /// <summary>Extra configuration for one factory (e.g. <c>Lockout:ShowRemainingAttempts</c>).</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Network:AllowList:0"] = AllowListedRange,
        ["Network:TrustedProxies:0"] = TrustedProxy,
        ["Network:TrustedProxies:1"] = SecondTrustedProxy,
        ["Mail:PickupDirectory"] = Path.Combine(Path.GetTempPath(), $"adminconsole-test-mail-{Guid.NewGuid():N}"),

        // Tests of console features sign in with a password; ConsoleTwoFactorTests switch the second factor back on.
        ["Console:RequireTwoFactor"] = "false",
        ["App:PublicBaseUrl"] = PublicBaseUrl,

        // Outside Development only App:PublicBaseUrl's host and these are answered; tests reach the host by these names.
        ["AllowedHosts"] = "localhost;127.0.0.1",

        // Tests about counting repeat one wrong password (TestPasswords.Wrong) for brevity, as if each were a new
        // guess; RepeatedPasswordTests switch the rule that counts a repeat once back on (the product default).
        ["Lockout:CountRepeatedPasswordsOnce"] = "false",
        // The fake clock starts on a Monday after the digest hour; WeeklyDigestTests switch the digest back on.
        ["Reports:WeeklyDigest:Enabled"] = "false",
        // Tests that fail on purpose would be asked for a puzzle after three failures; ChallengeTests switch the
        // challenge and the risk step-up back on (the product defaults).
        ["Challenge:AfterFailures"] = "0",
        ["Risk:StepUpAbove"] = "100",
        // Outside Development registration is invite-only; the registration tests need it open (RegistrationModeTests close it).
        ["Registration:Mode"] = "Open",
    };

    /// <summary>Deliberately not the test server's own host: links must come from configuration, not the request.</summary>
    public const string PublicBaseUrl = "https://console.example.test/";

    /// <summary>Clients here are exempt from address blocks and rate limits, not from account lockout.</summary>
    public const string AllowListedRange = "198.51.100.0/24";
    public const string TrustedProxy = "192.0.2.10";
    public const string SecondTrustedProxy = "192.0.2.11";

    private static int nextAddress;

    public CountingPasswordHasher Hasher { get; } = new();

    /// <summary>
    /// True for the in-memory server, which has no socket: each client names its address in a test-only header.
    /// False in <see cref="KestrelAppFactory"/>, where the address is the real peer of a loopback socket.
    /// </summary>
    protected virtual bool SimulatedClientAddresses => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:AdminConsole", ConnectionString);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton(Fault);
            services.AddSingleton<IPasswordHasher<AppUser>>(Hasher);
            services.ConfigureDbContext<SqliteSecurityDbContext>(o => o.AddInterceptors(Fault));
            services.ConfigureDbContext<PostgreSqlSecurityDbContext>(o => o.AddInterceptors(Fault));
            if (SimulatedClientAddresses)
            {
                services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>();
            }
        });
    }

    /// <summary>A client with its own socket address (unique per client unless given).</summary>
    public HttpClient Client(string? address = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address ?? NewAddress());

        // What a browser sends from the console's own pages; ApiForgeryTests send requests from another origin.
        client.DefaultRequestHeaders.Add("Sec-Fetch-Site", "same-origin");
        return client;
    }

    /// <summary>A client on the allow list, for tests about accounts rather than addresses.</summary>
    public HttpClient AllowListedClient() => Client($"198.51.100.{Interlocked.Increment(ref nextAddress) % 250 + 1}");

    /// <summary>A fresh address in 10.0.0.0/8 that no other client of this process uses.</summary>
    public static string NewAddress()
    {
        var n = Interlocked.Increment(ref nextAddress);
        return $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
    }

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

    /// <summary>Gives the account an authenticator (base32 key returned) and turns two-factor sign-in on.</summary>
    public async Task<string> EnrolAuthenticatorAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        Assert.True((await users.ResetAuthenticatorKeyAsync(user)).Succeeded);
        Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    public async Task<T> WithDbAsync<T>(Func<SecurityDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SecurityDbContext>());
    }

    public virtual ValueTask InitializeAsync()
    {
        _ = Server; // starts the host: migrations and seeding run now
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!KeepDatabase)
        {
            await TestDatabase.DeleteAsync(databasePath);
        }
    }
}

/// <summary>
/// Counts every database command, and when <see cref="On"/>, makes every statement that writes fail as if the
/// database were unreachable.
/// </summary>
public sealed class WriteFault : DbCommandInterceptor
{
    private int commands;
    private volatile bool on;

    public bool On
    {
        get => on;
        set => on = value;
    }

    public int Commands => Volatile.Read(ref commands);

    /// <summary>
    /// The commands run while serving a request (background work, such as a rule refresh or an outbox poll, runs
    /// outside any request): what a claim about a request path counts.
    /// </summary>
    public int RequestCommands => Volatile.Read(ref requestCommands);

    private int requestCommands;

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

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Fail(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Fail(DbCommand command)
    {
        Interlocked.Increment(ref commands);
        if (new Microsoft.AspNetCore.Http.HttpContextAccessor().HttpContext is not null)
        {
            Interlocked.Increment(ref requestCommands);
        }

        var text = command.CommandText.TrimStart();
        if (On && (text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException("Simulated database outage.");
        }
    }
}

/// <summary>Identity's hasher, counting verifications: proves which requests never reached a hash.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Lives as long as its test host; the ManualResetEventSlim is only waited on by requests of that host.")]
public sealed class CountingPasswordHasher() : PasswordHasher<AppUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = TestIterations }))
{
    /// <summary>
    /// Identity's format and algorithm at a tenth of its default work (100,000): the tests count verifications and
    /// never time them, and thousands of hashes at full cost were most of the suite's CPU. bench.sh measures the real cost.
    /// </summary>
    public const int TestIterations = 10_000;

    private int verifications;

    public int Verifications => Volatile.Read(ref verifications);

    /// <summary>Verifying this password waits until <see cref="Release"/> while held: keeps a hash slot busy on demand.</summary>
    public const string Held = "a password held in the hasher";

    private readonly ManualResetEventSlim open = new(initialState: true);

    private TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a verification of <see cref="Held"/> has started since the last <see cref="Hold"/>.</summary>
    public Task HeldVerificationStarted => entered.Task;

    public void Hold()
    {
        entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.Reset();
    }

    public void Release() => open.Set();

    public override PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref verifications);
        if (providedPassword == Held)
        {
            entered.TrySetResult();
            open.Wait(TimeSpan.FromSeconds(30));
        }

        return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

public static class TestPasswords
{
    public const string Good = "correct horse battery staple";
    public const string Wrong = "definitely the wrong one";
}

/// <summary>A host with a real SecurityAdmin and SecurityViewer, for console actions: services re-check the actor's roles in the database.</summary>
public sealed class ConsoleAppFactory : AppFactory
{
    public const string AdminEmail = "admin@example.com";
    public const string ViewerEmail = "viewer@example.com";

    public ConsoleAppFactory()
    {
        Settings["Seed:Admin:Email"] = AdminEmail;
        Settings["Seed:Admin:Password"] = "console admin test passphrase";
        Settings["Seed:Users:0:Email"] = ViewerEmail;
        Settings["Seed:Users:0:Password"] = "console viewer test passphrase";
        Settings["Seed:Users:0:Role"] = AppRoles.SecurityViewer;
    }
}
