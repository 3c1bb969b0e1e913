using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Lockout;

namespace AdminConsole.Tests.Integration;

/// <summary>The lockout ladder through the real host and database, with time from a fake clock.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class TieredLockoutTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private const string Address = "198.51.100.77";
    private readonly HttpClient client = app.Client(Address);

    [Fact]
    public async Task Fifth_wrong_password_locks_for_15_minutes_then_unlocks()
    {
        var email = await app.CreateUserAsync();
        await client.SignInOnceAsync(email);

        var fourth = await client.FailTimesAsync(email, 4);
        Assert.Equal(HttpStatusCode.Unauthorized, fourth.StatusCode);
        Assert.Equal(1, (await fourth.ProblemAsync()).GetProperty("attemptsRemaining").GetInt32());

        var fifth = await client.LoginAsync(email, TestPasswords.Wrong);
        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);
        var problem = await fifth.ProblemAsync();
        Assert.Equal(1, problem.GetProperty("tier").GetInt32());
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(15), problem.GetProperty("lockedUntil").GetDateTimeOffset());
        Assert.Equal("900", fifth.Headers.RetryAfter?.ToString());

        Assert.Equal(HttpStatusCode.Locked, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
    }

    [Fact]
    public async Task Tenth_wrong_password_locks_for_an_hour()
    {
        var email = await app.CreateUserAsync();
        await client.FailTimesAsync(email, 5);
        app.Time.Advance(TimeSpan.FromMinutes(15));

        var tenth = await client.FailTimesAsync(email, 5);

        Assert.Equal(HttpStatusCode.Locked, tenth.StatusCode);
        var problem = await tenth.ProblemAsync();
        Assert.Equal(2, problem.GetProperty("tier").GetInt32());
        Assert.Equal(app.Time.GetUtcNow().AddHours(1), problem.GetProperty("lockedUntil").GetDateTimeOffset());
        app.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.Locked, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
    }

    [Fact]
    public async Task Fifteenth_wrong_password_locks_until_an_admin_unlocks()
    {
        var email = await app.CreateUserAsync();
        await client.FailTimesAsync(email, 5);
        app.Time.Advance(TimeSpan.FromMinutes(15));
        await client.FailTimesAsync(email, 5);
        app.Time.Advance(TimeSpan.FromHours(1));

        var fifteenth = await client.FailTimesAsync(email, 5);

        Assert.Equal(HttpStatusCode.Locked, fifteenth.StatusCode);
        var problem = await fifteenth.ProblemAsync();
        Assert.Equal(3, problem.GetProperty("tier").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, problem.GetProperty("lockedUntil").ValueKind);
        Assert.Null(fifteenth.Headers.RetryAfter);
        Assert.Contains("administrator", problem.GetProperty("detail").GetString());
        app.Time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(HttpStatusCode.Locked, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
    }

    [Fact]
    public async Task Failures_are_forgotten_after_24_hours_without_one()
    {
        var email = await app.CreateUserAsync();
        await client.SignInOnceAsync(email);
        await client.FailTimesAsync(email, 4);
        app.Time.Advance(TimeSpan.FromHours(24));

        var next = await client.LoginAsync(email, TestPasswords.Wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, next.StatusCode);
        Assert.Equal(4, (await next.ProblemAsync()).GetProperty("attemptsRemaining").GetInt32());
    }

    [Fact]
    public async Task A_successful_sign_in_resets_the_count()
    {
        var email = await app.CreateUserAsync();
        await client.FailTimesAsync(email, 4);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);

        var next = await client.FailTimesAsync(email, 4);

        Assert.Equal(HttpStatusCode.Unauthorized, next.StatusCode);
        Assert.Equal(1, (await next.ProblemAsync()).GetProperty("attemptsRemaining").GetInt32());
    }

    [Fact]
    public async Task Attempts_while_locked_are_recorded_but_not_counted()
    {
        var email = await app.CreateUserAsync();
        await client.SignInOnceAsync(email);
        await client.FailTimesAsync(email, 5);
        await client.FailTimesAsync(email, 7);
        app.Time.Advance(TimeSpan.FromMinutes(15));

        // Had the 7 attempts while locked counted, this would be failure 13 and 2 attempts would remain.
        var sixth = await client.LoginAsync(email, TestPasswords.Wrong);

        Assert.Equal(4, (await sixth.ProblemAsync()).GetProperty("attemptsRemaining").GetInt32());
        var outcomes = await Outcomes(email);
        Assert.Equal(6, outcomes.Count(o => o == LoginOutcome.WrongPassword));
        Assert.Equal(7, outcomes.Count(o => o == LoginOutcome.LockedOut));
    }

    [Fact]
    public async Task Attempts_left_are_told_only_to_a_device_that_signed_in_to_the_account_before()
    {
        var email = await app.CreateUserAsync();
        using var owner = app.AllowListedClient();
        using var stranger = app.AllowListedClient();
        await owner.SignInOnceAsync(email);

        using var fromStranger = await stranger.LoginAsync(email, TestPasswords.Wrong);
        using var fromOwner = await owner.LoginAsync(email, TestPasswords.Wrong);
        using var unknownName = await stranger.LoginAsync($"nobody-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong);

        var strangerProblem = await fromStranger.ProblemAsync();
        var ownerProblem = await fromOwner.ProblemAsync();
        Assert.False(strangerProblem.TryGetProperty("attemptsRemaining", out _));
        Assert.Equal(SignInMessages.Failed, strangerProblem.GetProperty("detail").GetString());
        Assert.Equal(3, ownerProblem.GetProperty("attemptsRemaining").GetInt32());
        Assert.EndsWith("3 attempts left before sign-in is locked.", ownerProblem.GetProperty("detail").GetString());
        Assert.Equal(await fromStranger.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await unknownName.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_sign_in_page_tells_attempts_left_only_to_the_owners_browser()
    {
        var email = await app.CreateUserAsync();
        using var owner = app.AllowListedClient();
        using var stranger = app.AllowListedClient();
        await owner.SignInOnceAsync(email);
        var fields = $"Input.Email={Uri.EscapeDataString(email)}&Input.Password=wrong-password";

        using var fromStranger = await stranger.PostFormAsync("/Account/Login", "login", fields);
        using var fromOwner = await owner.PostFormAsync("/Account/Login", "login", fields);

        var strangerPage = await fromStranger.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var ownerPage = await fromOwner.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(SignInMessages.Failed, strangerPage);
        Assert.DoesNotContain("left before sign-in is locked", strangerPage);
        Assert.Contains("3 attempts left before sign-in is locked.", ownerPage);
    }

    [Fact]
    public async Task Every_outcome_is_recorded_including_successes()
    {
        var email = await app.CreateUserAsync();
        await client.LoginAsync(email, TestPasswords.Wrong);
        await client.LoginAsync(email, TestPasswords.Good);

        Assert.Equal([LoginOutcome.WrongPassword, LoginOutcome.Succeeded], await Outcomes(email));
        var stored = await app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == email.ToUpperInvariant()).ToListAsync());
        Assert.All(stored, a => Assert.Equal(Address, a.Address));
        Assert.All(stored, a => Assert.NotNull(a.UserId));
    }

    [Fact]
    public async Task A_lock_writes_a_security_event_and_changes_the_security_stamp()
    {
        var email = await app.CreateUserAsync();
        var before = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.SecurityStamp).SingleAsync());

        await client.FailTimesAsync(email, 5);

        var after = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.SecurityStamp).SingleAsync());
        Assert.NotEqual(before, after);
        var events = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.TargetUserName == email.ToUpperInvariant()).ToListAsync());
        var locked = Assert.Single(events);
        Assert.Equal(SecurityEventType.AccountLocked, locked.Type);
        Assert.Equal(SecurityEventSeverity.Warning, locked.Severity);
        Assert.Equal(Address, locked.Address);
        Assert.Equal("5 failed sign-ins", locked.Reason);
    }

    [Fact]
    public async Task A_locked_users_open_session_ends_within_a_minute()
    {
        var email = await app.CreateUserAsync();
        using var session = app.AllowListedClient();
        Assert.Equal(HttpStatusCode.OK, (await session.LoginAsync(email, TestPasswords.Good)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Account/Manage", TestContext.Current.CancellationToken)).StatusCode);

        await client.FailTimesAsync(email, 5);
        app.Time.Advance(TimeSpan.FromSeconds(61));

        var page = await session.GetAsync("/Account/Manage", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location?.ToString());
    }

    [Fact]
    public async Task No_account_takes_more_than_100_consecutive_failures_across_windows_and_then_needs_an_admin_unlock()
    {
        var email = await app.CreateUserAsync();
        using var owner = app.AllowListedClient();
        var statuses = new List<HttpStatusCode>();
        for (var window = 0; window < 26; window++)
        {
            for (var i = 0; i < 4; i++)
            {
                using var response = await owner.LoginAsync(email, TestPasswords.Wrong);
                statuses.Add(response.StatusCode);
            }

            // past the failure window, so the tiers never see more than 4
            app.Time.Advance(TimeSpan.FromHours(25));
        }

        using var right = await owner.LoginAsync(email, TestPasswords.Good);
        var row = await app.WithDbAsync(db => db.AccountLockouts.AsNoTracking().SingleAsync(l => l.Key == email.ToUpperInvariant()));
        var unlocked = await UnlockAsync(email);
        var afterUnlock = await app.WithDbAsync(db => db.AccountLockouts.AsNoTracking().SingleAsync(l => l.Key == email.ToUpperInvariant()));
        using var signedIn = await owner.LoginAsync(email, TestPasswords.Good);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 99), statuses.Take(99));
        Assert.Equal(HttpStatusCode.Locked, statuses[99]);
        Assert.All(statuses.Skip(100), s => Assert.Equal(HttpStatusCode.Locked, s));
        Assert.Equal((100, LockoutPolicy.UntilUnlocked), (row.ConsecutiveFailures, row.LockedUntil));
        Assert.Equal(100, (await Outcomes(email)).Count(o => o == LoginOutcome.WrongPassword));
        Assert.Equal(HttpStatusCode.Locked, right.StatusCode);
        Assert.True(unlocked.Succeeded, unlocked.Message);
        Assert.Equal(0, afterUnlock.ConsecutiveFailures);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var locked = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.TargetUserName == email.ToUpperInvariant() && e.Type == SecurityEventType.AccountLocked));
        Assert.Equal("100 consecutive failed sign-ins", locked.Reason);
    }

    [Fact]
    public async Task An_unknown_name_paced_across_windows_locks_at_100_like_an_account_although_retention_runs()
    {
        var name = $"nobody-{Guid.NewGuid():N}@example.com";
        using var stranger = app.AllowListedClient();
        var retention = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AttemptRetention>().Single();
        var statuses = new List<HttpStatusCode>();
        for (var window = 0; window < 25; window++)
        {
            for (var i = 0; i < 4; i++)
            {
                using var response = await stranger.LoginAsync(name, TestPasswords.Wrong);
                statuses.Add(response.StatusCode);
            }

            app.Time.Advance(TimeSpan.FromHours(25));
            await retention.RunAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 99), statuses.Take(99));
        Assert.Equal(HttpStatusCode.Locked, statuses[99]);
        using var later = await stranger.LoginAsync(name, TestPasswords.Wrong);
        Assert.Equal(HttpStatusCode.Locked, later.StatusCode);
    }

    [Fact]
    public async Task A_successful_sign_in_resets_the_consecutive_count()
    {
        var email = await app.CreateUserAsync();
        await client.FailTimesAsync(email, 3);
        app.Time.Advance(TimeSpan.FromHours(25));
        await client.FailTimesAsync(email, 3);

        var before = await app.WithDbAsync(db => db.AccountLockouts.AsNoTracking().SingleAsync(l => l.Key == email.ToUpperInvariant()));
        using var signedIn = await client.LoginAsync(email, TestPasswords.Good);
        var after = await app.WithDbAsync(db => db.AccountLockouts.AsNoTracking().SingleAsync(l => l.Key == email.ToUpperInvariant()));

        Assert.Equal((3, 6), (before.Failures, before.ConsecutiveFailures));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(0, after.ConsecutiveFailures);
    }

    private async Task<AdminResult> UnlockAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = new ConsoleActor(ConsoleAppFactory.AdminEmail, IsAdmin: true, "198.51.100.9");
        return await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Accounts.AccountAdminService>()
            .UnlockAsync(email, "owner called the help desk", admin, TestContext.Current.CancellationToken);
    }

    private Task<LoginOutcome[]> Outcomes(string email) =>
        app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == email.ToUpperInvariant()).OrderBy(a => a.Id).Select(a => a.Outcome).ToArrayAsync());
}
