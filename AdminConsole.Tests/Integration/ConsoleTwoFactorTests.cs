using System.Text.Json;

namespace AdminConsole.Tests.Integration;

/// <summary>The product's default: console roles need a second factor.</summary>
public sealed class TwoFactorConsoleFactory : AppFactory
{
    public TwoFactorConsoleFactory() => Settings["Console:RequireTwoFactor"] = "true";
}

/// <summary>
/// OWASP ASVS 4.0.3 4.3.1: console data needs a second factor; the login and token APIs take the code in the same
/// request; wrong authenticator and recovery codes count like wrong passwords (issue: they counted nothing).
/// </summary>
public sealed class ConsoleTwoFactorTests(TwoFactorConsoleFactory app) : IClassFixture<TwoFactorConsoleFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Now(string key) => Totp.Code(key, DateTimeOffset.UtcNow);

    private static string Wrong(string key)
    {
        var right = int.Parse(Now(key), System.Globalization.CultureInfo.InvariantCulture);
        return ((right + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, object? codes = null) =>
        client.PostAsJsonAsync("/api/account/login", codes switch
        {
            null => (object)new { email, password = TestPasswords.Good },
            _ => codes,
        }, Cancel);

    private Task<int> FailuresAsync(string email) =>
        app.WithDbAsync(db => db.AccountLockouts.Where(l => l.Key == email.ToUpperInvariant()).Select(l => l.Failures).SingleOrDefaultAsync(Cancel));

    [Fact]
    public async Task A_console_role_signed_in_with_a_password_alone_gets_no_console_data()
    {
        var admin = await app.CreateUserAsync(role: AppRoles.SecurityAdmin);
        var client = app.AllowListedClient();
        using var signIn = await LoginAsync(client, admin);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        using var stats = await client.GetAsync("/api/admin/stats", Cancel);
        using var console = await client.GetAsync("/admin", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, stats.StatusCode);
        Assert.Contains("second factor", (await stats.ProblemAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        Assert.Equal("/Account/Manage/TwoFactorAuthentication?required=console", console.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_page_it_is_sent_to_says_why()
    {
        var viewer = await app.CreateUserAsync(role: AppRoles.SecurityViewer);
        var client = app.AllowListedClient();
        using var signIn = await LoginAsync(client, viewer);

        var page = await client.GetStringAsync("/Account/Manage/TwoFactorAuthentication?required=console", Cancel);

        Assert.Contains("The console needs a second factor.", page);
    }

    [Fact]
    public async Task An_admin_with_an_authenticator_code_in_the_same_request_reaches_the_console()
    {
        var admin = await app.CreateUserAsync(role: AppRoles.SecurityAdmin);
        var key = await app.EnrolAuthenticatorAsync(admin);
        var client = app.AllowListedClient();

        using var withoutCode = await LoginAsync(client, admin);
        Assert.True((await withoutCode.ProblemAsync()).GetProperty("twoFactorRequired").GetBoolean());
        using var signIn = await LoginAsync(client, admin, new { email = admin, password = TestPasswords.Good, twoFactorCode = Now(key) });

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        using var stats = await client.GetAsync("/api/admin/stats", Cancel);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
    }

    [Fact]
    public async Task Wrong_authenticator_codes_count_like_wrong_passwords_and_lock()
    {
        var user = await app.CreateUserAsync();
        var key = await app.EnrolAuthenticatorAsync(user);
        var client = app.AllowListedClient();

        for (var i = 0; i < 4; i++)
        {
            using var wrong = await LoginAsync(client, user, new { email = user, password = TestPasswords.Good, twoFactorCode = Wrong(key) });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        Assert.Equal(4, await FailuresAsync(user));
        using var fifth = await LoginAsync(client, user, new { email = user, password = TestPasswords.Good, twoFactorCode = Wrong(key) });
        using var right = await LoginAsync(client, user, new { email = user, password = TestPasswords.Good, twoFactorCode = Now(key) });
        Assert.Equal(HttpStatusCode.Locked, right.StatusCode);
    }

    [Fact]
    public async Task A_wrong_recovery_code_counts_and_a_right_one_signs_in_once()
    {
        var user = await app.CreateUserAsync();
        await app.EnrolAuthenticatorAsync(user);
        string code;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            code = (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByEmailAsync(user))!, 3))!.First();
        }

        var client = app.AllowListedClient();
        using var wrong = await LoginAsync(client, user, new { email = user, password = TestPasswords.Good, recoveryCode = "AAAAA-BBBBB" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(1, await FailuresAsync(user));

        using var right = await LoginAsync(app.AllowListedClient(), user, new { email = user, password = TestPasswords.Good, recoveryCode = code });
        using var again = await LoginAsync(app.AllowListedClient(), user, new { email = user, password = TestPasswords.Good, recoveryCode = code });

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task The_token_api_takes_the_code_and_counts_a_wrong_one()
    {
        var user = await app.CreateUserAsync();
        var key = await app.EnrolAuthenticatorAsync(user);
        var client = app.AllowListedClient();

        using var wrong = await client.PostAsJsonAsync("/api/account/token", new { email = user, password = TestPasswords.Good, twoFactorCode = Wrong(key) }, Cancel);
        using var right = await client.PostAsJsonAsync("/api/account/token", new { email = user, password = TestPasswords.Good, twoFactorCode = Now(key) }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.True(JsonDocument.Parse(await right.Content.ReadAsStringAsync(Cancel)).RootElement.TryGetProperty("accessToken", out _));
        Assert.Equal(0, await FailuresAsync(user)); // the right code reset the count the wrong one raised
        Assert.Equal(1, await app.WithDbAsync(db => db.LoginAttempts.CountAsync(a => a.UserName == user.ToUpperInvariant() && a.Outcome == AdminConsole.Core.Attempts.LoginOutcome.WrongSecondFactor, Cancel)));
    }

    [Fact]
    public async Task Sending_both_codes_is_a_clear_400()
    {
        using var response = await LoginAsync(app.AllowListedClient(), "x@example.com", new { email = "x@example.com", password = "p", twoFactorCode = "123456", recoveryCode = "AAAAA-BBBBB" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Wrong_codes_sent_in_parallel_count_exactly_and_lock_once()
    {
        var user = await app.CreateUserAsync();
        var key = await app.EnrolAuthenticatorAsync(user);
        var client = app.AllowListedClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            LoginAsync(client, user, new { email = user, password = TestPasswords.Good, twoFactorCode = Wrong(key) })));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Locked }));
        Assert.Equal(5, await FailuresAsync(user));
        Assert.True(await app.WithDbAsync(db => db.AccountLockouts.AnyAsync(l => l.Key == user.ToUpperInvariant() && l.LockedUntil > app.Time.GetUtcNow(), Cancel)));
        using var right = await LoginAsync(app.AllowListedClient(), user, new { email = user, password = TestPasswords.Good, twoFactorCode = Now(key) });
        Assert.Equal(HttpStatusCode.Locked, right.StatusCode);
    }
}
