using AdminConsole.Core.Accounts;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Lockout;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Device lanes through the real host: an automatic lock stops strangers, not the owner's known device, which keeps
/// its own counter; admin actions and password changes end a device's standing.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class DeviceLaneTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static ConsoleActor Admin => new(ConsoleAppFactory.AdminEmail, IsAdmin: true, "198.51.100.9");

    /// <summary>An account whose owner signed in from <c>owner</c>, then locked at tier 1 by a stranger's guesses.</summary>
    private async Task<(string Email, HttpClient Owner, HttpClient Stranger)> LockedByAStrangerAsync(HttpClient? owner = null)
    {
        var email = await app.CreateUserAsync();
        owner ??= app.Client();
        await owner.SignInOnceAsync(email);
        var stranger = app.Client();
        using var fifth = await stranger.FailTimesAsync(email, 5);
        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);
        return (email, owner, stranger);
    }

    private Task<AccountLockout> LockoutAsync(string email) =>
        app.WithDbAsync(db => db.AccountLockouts.AsNoTracking().SingleAsync(l => l.Key == email.ToUpperInvariant(), Cancel));

    private Task<List<KnownDevice>> DevicesAsync(string email) =>
        app.WithDbAsync(db => db.KnownDevices.AsNoTracking().Where(d => d.AccountKey == email.ToUpperInvariant()).ToListAsync(Cancel));

    private async Task<AdminResult> ActAsync(Func<AccountAdminService, Task<AdminResult>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await action(scope.ServiceProvider.GetRequiredService<AccountAdminService>());
        Assert.True(result.Succeeded, result.Message);
        return result;
    }

    [Fact]
    public async Task The_owners_known_device_signs_in_while_the_account_stays_locked_for_new_devices()
    {
        var (email, owner, stranger) = await LockedByAStrangerAsync();

        using var signedIn = await owner.LoginAsync(email, TestPasswords.Good);

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var lockout = await LockoutAsync(email);
        Assert.True(lockout.LockedUntil > app.Time.GetUtcNow(), "the owner's sign-in must not unlock the account for strangers");
        Assert.Equal((5, 1), (lockout.Failures, lockout.Tier));
        Assert.Equal(HttpStatusCode.Locked, (await stranger.LoginAsync(email, TestPasswords.Good)).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await app.Client().LoginAsync(email, TestPasswords.Good)).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.SecurityEvents.CountAsync(
            e => e.TargetUserName == email.ToUpperInvariant() && e.Type == SecurityEventType.KnownDeviceSignInWhileLocked, Cancel)));
    }

    [Fact]
    public async Task The_owners_device_gets_in_through_a_lock_until_an_admin_unlocks()
    {
        var email = await app.CreateUserAsync();
        var owner = app.Client();
        await owner.SignInOnceAsync(email);
        await app.Client().FailTimesAsync(email, 5);
        app.Time.Advance(TimeSpan.FromMinutes(15));
        await app.Client().FailTimesAsync(email, 5);
        app.Time.Advance(TimeSpan.FromHours(1));
        using var fifteenth = await app.Client().FailTimesAsync(email, 5);
        Assert.Equal(3, (await fifteenth.ProblemAsync()).GetProperty("tier").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await owner.LoginAsync(email, TestPasswords.Good)).StatusCode);
        Assert.Equal(LockoutPolicy.UntilUnlocked, (await LockoutAsync(email)).LockedUntil);
    }

    [Fact]
    public async Task The_second_factor_step_follows_the_device_lane_without_unlocking_the_account()
    {
        var email = await app.CreateUserAsync();
        using var first = await app.Client().LoginAsync(email, TestPasswords.Good);
        var cookie = first.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(KnownDevices.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];
        await app.Client().FailTimesAsync(email, 5);
        await using var scope = app.Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(email))!;

        // Identity's two-factor step asks these hooks; a stranger's request carries no device cookie.
        accessor.HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        Assert.True(await users.IsLockedOutAsync(user));
        var owners = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        owners.Request.Headers.Cookie = cookie;
        accessor.HttpContext = owners;
        Assert.False(await users.IsLockedOutAsync(user));
        await users.AccessFailedAsync(user);
        Assert.Equal(1, Assert.Single(await DevicesAsync(email)).Failures);
        Assert.True((await users.ResetAccessFailedCountAsync(user)).Succeeded);

        Assert.Equal(0, Assert.Single(await DevicesAsync(email)).Failures);
        Assert.True((await LockoutAsync(email)).LockedUntil > app.Time.GetUtcNow());
    }

    [Fact]
    public async Task A_stranger_gets_byte_for_byte_the_answer_of_an_account_without_known_devices()
    {
        var (email, _, stranger) = await LockedByAStrangerAsync();
        var plain = await app.CreateUserAsync();
        var other = app.Client();
        await other.FailTimesAsync(plain, 5);

        using var withDevices = await stranger.LoginAsync(email, TestPasswords.Good);
        using var without = await other.LoginAsync(plain, TestPasswords.Good);

        Assert.Equal(HttpStatusCode.Locked, withDevices.StatusCode);
        Assert.Equal(without.StatusCode, withDevices.StatusCode);
        Assert.Equal(await without.Content.ReadAsStringAsync(Cancel), await withDevices.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(without.Headers.RetryAfter?.ToString(), withDevices.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task Wrong_passwords_on_the_device_lane_count_on_the_device_and_lock_it_after_five()
    {
        var (email, owner, _) = await LockedByAStrangerAsync();

        using var fourth = await owner.FailTimesAsync(email, 4);
        Assert.Equal(HttpStatusCode.Unauthorized, fourth.StatusCode);
        Assert.Equal(1, (await fourth.ProblemAsync()).GetProperty("attemptsRemaining").GetInt32());
        using var fifth = await owner.LoginAsync(email, TestPasswords.Wrong);

        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(15), (await fifth.ProblemAsync()).GetProperty("lockedUntil").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Locked, (await owner.LoginAsync(email, TestPasswords.Good)).StatusCode);
        var device = Assert.Single(await DevicesAsync(email));
        Assert.Equal(5, device.Failures);
        var lockout = await LockoutAsync(email);
        Assert.Equal((5, 10), (lockout.Failures, lockout.ConsecutiveFailures));
    }

    [Fact]
    public async Task Parallel_wrong_passwords_on_the_device_lane_count_exactly_and_never_pass_the_device_limit()
    {
        // Allow-listed, so the admission gate lets every call through at once: the count alone must hold.
        var (email, owner, _) = await LockedByAStrangerAsync(app.AllowListedClient());

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => owner.LoginAsync(email, TestPasswords.Wrong)));

        Assert.Equal(4, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(26, answers.Count(a => a.StatusCode == HttpStatusCode.Locked));
        var device = Assert.Single(await DevicesAsync(email));
        Assert.Equal(5, device.Failures);
        Assert.True(device.LockedUntil > app.Time.GetUtcNow());
        Assert.Equal(10, (await LockoutAsync(email)).ConsecutiveFailures);
        Assert.Equal(5, await app.WithDbAsync(db => db.LoginAttempts.CountAsync(
            a => a.UserName == email.ToUpperInvariant() && a.Outcome == LoginOutcome.WrongPassword && a.Address.StartsWith("198.51.100."), Cancel)));
    }

    [Fact]
    public async Task A_password_change_ends_the_devices_standing()
    {
        var email = await app.CreateUserAsync();
        var owner = app.Client();
        await owner.SignInOnceAsync(email);
        const string changed = "a brand new passphrase for this account";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(email);
            Assert.True((await users.ChangePasswordAsync(user!, TestPasswords.Good, changed)).Succeeded);
        }

        await app.Client().FailTimesAsync(email, 5);

        Assert.Equal(HttpStatusCode.Locked, (await owner.LoginAsync(email, changed)).StatusCode);
        Assert.NotNull(Assert.Single(await DevicesAsync(email)).RevokedAt);
    }

    [Fact]
    public async Task An_admin_lock_locks_every_device_and_revokes_them()
    {
        var email = await app.CreateUserAsync();
        var owner = app.Client();
        await owner.SignInOnceAsync(email);

        await ActAsync(s => s.LockAsync(email, "suspected takeover", app.Time.GetUtcNow().AddMinutes(30), Admin, Cancel));

        Assert.Equal(HttpStatusCode.Locked, (await owner.LoginAsync(email, TestPasswords.Good)).StatusCode);
        var device = Assert.Single(await DevicesAsync(email));
        Assert.Equal(ConsoleAppFactory.AdminEmail, device.RevokedBy);
    }

    [Fact]
    public async Task Signing_out_everywhere_revokes_the_devices()
    {
        var email = await app.CreateUserAsync();
        var owner = app.Client();
        await owner.SignInOnceAsync(email);

        await ActAsync(s => s.SignOutEverywhereAsync(email, "laptop stolen", Admin, Cancel));
        await app.Client().FailTimesAsync(email, 5);

        Assert.Equal(HttpStatusCode.Locked, (await owner.LoginAsync(email, TestPasswords.Good)).StatusCode);
    }

    [Fact]
    public async Task Forgetting_one_device_keeps_the_others_and_is_audited_with_the_reason()
    {
        var email = await app.CreateUserAsync();
        var laptop = app.Client();
        var phone = app.Client();
        await laptop.SignInOnceAsync(email);
        await phone.SignInOnceAsync(email);
        var devices = await DevicesAsync(email);
        Assert.Equal(2, devices.Count);
        var phoneDevice = devices.OrderBy(d => d.CreatedAt).ThenBy(d => d.LastSeenAt).Last();

        await ActAsync(s => s.ForgetDevicesAsync(email, phoneDevice.Id, "phone lost", Admin, Cancel));
        await app.Client().FailTimesAsync(email, 5);

        var answers = new[] { await laptop.LoginAsync(email, TestPasswords.Good), await phone.LoginAsync(email, TestPasswords.Good) };
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Locked));
        var audit = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.TargetUserName == email.ToUpperInvariant() && e.Type == SecurityEventType.KnownDevicesRevoked, Cancel));
        Assert.Equal(("phone lost", ConsoleAppFactory.AdminEmail), (audit.Reason, audit.Actor));
    }

    [Fact]
    public async Task A_viewer_cannot_forget_devices()
    {
        var email = await app.CreateUserAsync();
        await using var scope = app.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<AccountAdminService>()
            .ForgetDevicesAsync(email, null, "curious", new ConsoleActor(ConsoleAppFactory.ViewerEmail, IsAdmin: false, "198.51.100.9"), Cancel);

        Assert.Equal(AdminOutcome.Forbidden, result.Outcome);
    }
}
