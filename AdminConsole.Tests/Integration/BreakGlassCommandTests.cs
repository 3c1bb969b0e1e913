using AdminConsole.Core.Accounts;
using AdminConsole.Core.Audit;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// The break-glass command line: <c>unlock EMAIL --reason "..."</c> and <c>status EMAIL</c>, in-process against the
/// test host's database, and once as a process of the built app beside the running host.
/// </summary>
public sealed class BreakGlassCommandTests(BreakGlassCommandTests.Host app) : IClassFixture<BreakGlassCommandTests.Host>
{
    /// <summary>The test host with a real SecurityAdmin (to lock accounts), and the path of its database for a second process.</summary>
    public sealed class Host : AppFactory
    {
        public Host()
        {
            Settings["Seed:Admin:Email"] = ConsoleAppFactory.AdminEmail;
            Settings["Seed:Admin:Password"] = "console admin test passphrase";
        }

        public string Database => DatabasePath;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await BreakGlassCommand.RunAsync(app.Services, args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    private async Task LockUntilUnlockedAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = new ConsoleActor(ConsoleAppFactory.AdminEmail, IsAdmin: true, "198.51.100.9");
        var locked = await scope.ServiceProvider.GetRequiredService<AccountAdminService>().LockAsync(email, "incident", null, admin, TestContext.Current.CancellationToken);
        Assert.True(locked.Succeeded, locked.Message);
    }

    [Fact]
    public async Task Unlock_lifts_a_lock_until_unlocked_writes_the_audit_event_and_exits_0()
    {
        var email = await app.CreateUserAsync();
        using var client = app.AllowListedClient();
        await client.FailTimesAsync(email, 5);
        app.Time.Advance(TimeSpan.FromMinutes(15));
        await client.FailTimesAsync(email, 5);
        app.Time.Advance(TimeSpan.FromHours(1));
        await client.FailTimesAsync(email, 5);
        Assert.Equal(HttpStatusCode.Locked, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);

        var (code, output, error) = await RunAsync("unlock", email, "--reason", "owner verified by phone");

        Assert.True(code == 0, error);
        Assert.Contains($"{email} is unlocked.", output);
        var audit = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.TargetUserName == email.ToUpperInvariant() && e.Type == SecurityEventType.AccountUnlocked));
        Assert.Equal(ConsoleActor.CommandLine().Name, audit.Actor);
        Assert.StartsWith("command line (", audit.Actor);
        Assert.Equal("owner verified by phone", audit.Reason);
        var row = await app.WithDbAsync(db => db.AccountLockouts.AsNoTracking().SingleAsync(l => l.Key == email.ToUpperInvariant()));
        Assert.Equal((0, 0, 0, (DateTimeOffset?)null), (row.Failures, row.ConsecutiveFailures, row.Tier, row.LockedUntil));
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
    }

    [Fact]
    public async Task Unlock_lifts_a_temporary_lock_too()
    {
        var email = await app.CreateUserAsync();
        using var client = app.AllowListedClient();
        await client.FailTimesAsync(email, 5);

        var (code, _, _) = await RunAsync("unlock", email, "--reason=locked out before a demo");

        Assert.Equal(0, code);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
    }

    [Fact]
    public async Task Unlock_of_an_unknown_account_exits_1_and_writes_nothing()
    {
        var events = await app.WithDbAsync(db => db.SecurityEvents.CountAsync());

        var (code, output, error) = await RunAsync("unlock", "nobody@example.com", "--reason", "typo");

        Assert.Equal(1, code);
        Assert.Contains("There is no account with that email.", error);
        Assert.Equal("", output);
        Assert.Equal(events, await app.WithDbAsync(db => db.SecurityEvents.CountAsync()));
    }

    [Theory]
    [InlineData("unlock", "{email}")]
    [InlineData("unlock", "{email}", "--reason")]
    [InlineData("unlock", "{email}", "--reason", "   ")]
    [InlineData("unlock")]
    [InlineData("unlock", "--reason", "no email")]
    [InlineData("status")]
    public async Task A_missing_email_or_reason_exits_2_with_usage_and_changes_nothing(params string[] args)
    {
        var email = await app.CreateUserAsync();
        await LockUntilUnlockedAsync(email);

        var (code, _, error) = await RunAsync([.. args.Select(a => a.Replace("{email}", email, StringComparison.Ordinal))]);

        Assert.Equal(2, code);
        Assert.Contains("Usage:", error);
        Assert.Equal(HttpStatusCode.Locked, (await app.AllowListedClient().LoginAsync(email, TestPasswords.Good)).StatusCode);
    }

    [Fact]
    public async Task Unlock_of_an_account_that_is_not_locked_says_so_and_writes_no_event()
    {
        var email = await app.CreateUserAsync();

        var (code, output, _) = await RunAsync("unlock", email, "--reason", "just in case");

        Assert.Equal(0, code);
        Assert.Contains("not locked", output);
        Assert.Equal(0, await app.WithDbAsync(db => db.SecurityEvents.CountAsync(e => e.TargetUserName == email.ToUpperInvariant())));
    }

    [Fact]
    public async Task Status_shows_tier_lock_end_failures_and_consecutive_failures()
    {
        var email = await app.CreateUserAsync();
        using var client = app.AllowListedClient();
        await client.FailTimesAsync(email, 3);
        app.Time.Advance(TimeSpan.FromHours(25));
        await client.FailTimesAsync(email, 5);
        var until = app.Time.GetUtcNow().AddMinutes(15);

        var (code, output, _) = await RunAsync("status", email);

        Assert.Equal(0, code);
        Assert.Contains(email, output);
        Assert.Contains($"locked until {until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC", output);
        Assert.Matches(@"tier:\s+1\b", output);
        Assert.Matches(@"\bfailures:\s+5\b", output);
        Assert.Matches(@"consecutive failures:\s+8\b", output);
    }

    [Fact]
    public async Task Status_of_an_unknown_account_exits_1()
    {
        var (code, _, error) = await RunAsync("status", "nobody@example.com");

        Assert.Equal(1, code);
        Assert.Contains("There is no account with that email.", error);
    }

    [Fact]
    public async Task The_built_app_unlocks_beside_the_running_host_without_starting_a_web_server()
    {
        var email = await app.CreateUserAsync();
        await LockUntilUnlockedAsync(email);

        var status = await RunProcessAsync("status", email);
        var missingReason = await RunProcessAsync("unlock", email);
        var unlock = await RunProcessAsync("unlock", email, "--reason", "break glass from the shell");

        Assert.True(status.Code == 0, status.Error);
        Assert.Contains("locked until an admin unlocks", status.Output);
        Assert.Equal(2, missingReason.Code);
        Assert.True(unlock.Code == 0, unlock.Error);
        Assert.Contains($"{email} is unlocked.", unlock.Output);
        Assert.DoesNotContain("Now listening on", unlock.Output);
        var audit = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.TargetUserName == email.ToUpperInvariant() && e.Type == SecurityEventType.AccountUnlocked));
        Assert.StartsWith("command line (", audit.Actor);
        Assert.Equal("break glass from the shell", audit.Reason);
        Assert.Equal(HttpStatusCode.OK, (await app.AllowListedClient().LoginAsync(email, TestPasswords.Good)).StatusCode);
    }

    /// <summary>Runs the built AdminConsole.dll with a command, on the host's database, and waits for it to exit.</summary>
    private Task<(int Code, string Output, string Error)> RunProcessAsync(params string[] args) =>
        AppProcess.RunCommandAsync(
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["ConnectionStrings__AdminConsole"] = $"Data Source={app.Database}",
                ["App__PublicBaseUrl"] = AppFactory.PublicBaseUrl,
                ["Mail__PickupDirectory"] = Path.Combine(Path.GetTempPath(), $"adminconsole-test-mail-{Guid.NewGuid():N}"),
            },
            args,
            TestContext.Current.CancellationToken);
}
