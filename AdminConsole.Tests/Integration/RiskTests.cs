using AdminConsole.Core.Attempts;
using AdminConsole.Core.Notifications;

namespace AdminConsole.Tests.Integration;

/// <summary>A low step-up threshold and no failure challenge, so only the score decides.</summary>
public sealed class RiskAppFactory : KestrelAppFactory
{
    public RiskAppFactory()
    {
        Settings["Challenge:AfterFailures"] = "0";
        Settings["Risk:StepUpAbove"] = "30";
    }
}

/// <summary>
/// The risk score on the real host over loopback sockets: every password sign-in stores its score, built from the
/// signals before the hash; above <c>Risk:StepUpAbove</c> a device the account does not know is challenged, while
/// the owner's known device, scored lower, is not.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class RiskTests(RiskAppFactory app) : IClassFixture<RiskAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static int nextSource;

    private HttpClient NewClient() => app.SocketClient($"127.0.10.{Interlocked.Increment(ref nextSource)}");

    private Task<List<int?>> ScoresAsync(string email) =>
        app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == email.ToUpperInvariant()).OrderBy(a => a.Id).Select(a => a.RiskScore).ToListAsync(Cancel));

    [Fact]
    public async Task Each_sign_in_stores_its_score_and_a_score_above_the_threshold_is_challenged_except_on_the_owners_device()
    {
        var email = await app.CreateUserAsync();
        using var owner = NewClient();
        using (var first = await ChallengeTests.LoginAsync(owner, email, TestPasswords.Good))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var device = first.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(KnownDevices.CookieName + "=", StringComparison.Ordinal));
            owner.DefaultRequestHeaders.Add("Cookie", device.Split(';')[0]);
        }

        // A new device: 20. Then failures from new addresses: 20 + 5, 20 + 10, 20 + 15.
        for (var i = 0; i < 3; i++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(2)); // at a person's pace: no velocity signal
            using var wrong = await ChallengeTests.LoginAsync(NewClient(), email, TestPasswords.Wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // 35 from a new device is above 30: challenged, and once solved, let in.
        app.Time.Advance(TimeSpan.FromSeconds(2));
        using var stranger = NewClient();
        using (var challenged = await ChallengeTests.LoginAsync(stranger, email, TestPasswords.Good))
        {
            var (_, proof) = await ChallengeTests.ChallengeOfAsync(challenged);
            using var solved = await ChallengeTests.LoginAsync(stranger, email, TestPasswords.Good, proof);
            Assert.Equal(HttpStatusCode.OK, solved.StatusCode);
        }

        Assert.Equal([20, 20, 25, 30, 35], await ScoresAsync(email));

        // The owner's device after three more failures: 15, under the threshold, not challenged.
        for (var i = 0; i < 3; i++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(2)); // at a person's pace: no velocity signal
            using var wrong = await ChallengeTests.LoginAsync(NewClient(), email, TestPasswords.Wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        app.Time.Advance(TimeSpan.FromSeconds(2));
        using var known = await ChallengeTests.LoginAsync(owner, email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(15, (await ScoresAsync(email))[^1]);
    }

    [Fact]
    public async Task A_failure_faster_than_a_person_types_adds_the_velocity_signal()
    {
        var email = await app.CreateUserAsync();
        using (var wrong = await ChallengeTests.LoginAsync(NewClient(), email, TestPasswords.Wrong))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // At once after it: 20 (new device) + 5 (one failure) + 15 (velocity) = 40, above 30.
        using var quick = await ChallengeTests.LoginAsync(NewClient(), email, TestPasswords.Wrong);
        Assert.Equal(HttpStatusCode.PreconditionRequired, quick.StatusCode);
    }

    [Fact]
    public async Task The_attempts_query_carries_the_score()
    {
        var email = await app.CreateUserAsync();
        using (var signIn = await ChallengeTests.LoginAsync(NewClient(), email, TestPasswords.Good))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        var rows = await app.WithDbAsync(db => new AttemptQueries(db).ListAsync(new AttemptQuery(UserName: email), Cancel));
        Assert.Equal(20, Assert.Single(rows.Items).RiskScore);
    }
}

/// <summary>The same threshold on the in-memory host, whose clients keep the Secure cookies a remembered browser holds.</summary>
public sealed class RiskFormAppFactory : AppFactory
{
    public RiskFormAppFactory()
    {
        Settings["Risk:StepUpAbove"] = "30";
    }
}

/// <summary>Above <c>Risk:StepUpAbove</c>, a browser that Identity remembers for the second factor is asked for it again.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class RiskStepUpTests(RiskFormAppFactory app) : IClassFixture<RiskFormAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> PasswordAsync(HttpClient client, string email, string password) =>
        client.PostFormAsync("/Account/Login", "login", [new("Input.Email", email), new("Input.Password", password)]);

    [Fact]
    public async Task A_remembered_browser_skips_the_second_factor_until_the_risk_is_above_the_threshold()
    {
        // Identity's remember-me cookie is checked against the system clock: the app's clock starts at the real time.
        if (app.Time.GetUtcNow() < DateTimeOffset.UtcNow)
        {
            app.Time.SetUtcNow(DateTimeOffset.UtcNow);
        }

        var email = await app.CreateUserAsync();
        var key = await app.EnrolAuthenticatorAsync(email);
        var browser = app.Client();

        using (var password = await PasswordAsync(browser, email, TestPasswords.Good))
        {
            var path = password.Headers.Location!.PathAndQuery;
            Assert.StartsWith("/Account/LoginWith2fa", path, StringComparison.Ordinal);
            using var code = await browser.PostFormAsync(path, "login-with-2fa",
                [new("Input.TwoFactorCode", Totp.Code(key, DateTimeOffset.UtcNow)), new("Input.RememberMachine", "true")]);
            Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
            Assert.DoesNotContain("LoginWith2fa", code.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        // Remembered: the next sign-in (the sign-in page ends the session first) skips the second factor.
        using (var remembered = await PasswordAsync(browser, email, TestPasswords.Good))
        {
            Assert.DoesNotContain("LoginWith2fa", remembered.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        // Four failures from elsewhere (allow-listed, so never challenged themselves), the last just before:
        // 0 (known device) + 20 (failures) + 15 (velocity) = 35.
        for (var i = 0; i < 4; i++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(2));
            using var wrong = await app.AllowListedClient().LoginAsync(email, TestPasswords.Wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var steppedUp = await PasswordAsync(browser, email, TestPasswords.Good);
        Assert.Contains("/Account/LoginWith2fa", steppedUp.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var score = await app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == email.ToUpperInvariant()).OrderBy(a => a.Id).Select(a => a.RiskScore).LastAsync(Cancel));
        Assert.Equal(35, score);
    }
}

/// <summary>The location databases behind the loopback proxy, with the product's step-up and no failure challenge.</summary>
public sealed class GeoRiskAppFactory : ProxyKestrelAppFactory
{
    public GeoRiskAppFactory()
    {
        Settings["Geo:CountryDatabase"] = TestGeoDatabases.CountryPath;
        Settings["Geo:AsnDatabase"] = TestGeoDatabases.AsnPath;
        Settings.Remove("Risk:StepUpAbove");
    }
}

/// <summary>
/// Where a sign-in comes from adds to its score: a new country 25, impossible travel 50. Only an account has a place
/// to compare with, so the place never changes the answer: a wrong password is answered as for any name, and a
/// right one is not challenged after the hash either (that would tell a guesser the password was right). It reaches
/// the owner and the admins as events that carry the score.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class LocationRiskTests(GeoRiskAppFactory app) : IClassFixture<GeoRiskAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Japan_an_hour_after_france_scores_100_and_changes_no_answer_and_its_notifications_carry_the_score()
    {
        var email = await app.CreateUserAsync();
        using (var france = await ProxiedBrowser.Create(app, TestGeoDatabases.FranceAddress).LoginAsync(email, TestPasswords.Good))
        {
            Assert.Equal(HttpStatusCode.OK, france.StatusCode);
        }

        app.Time.Advance(TimeSpan.FromHours(1));
        var japan = ProxiedBrowser.Create(app, TestGeoDatabases.JapanAddress);

        // A wrong password from Japan: the same answer as for a name that is no account.
        using (var wrong = await ChallengeTests.LoginAsync(japan, email, TestPasswords.Wrong))
        using (var nobody = await ChallengeTests.LoginAsync(ProxiedBrowser.Create(app, TestGeoDatabases.JapanAddress), $"nobody-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        }

        app.Time.Advance(TimeSpan.FromSeconds(2));
        using var right = await ChallengeTests.LoginAsync(japan, email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);

        // New device 20, one failure 5, new country 25, impossible travel 50: capped at 100.
        var scores = await app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == email.ToUpperInvariant() && a.Outcome == LoginOutcome.Succeeded)
            .OrderBy(a => a.Id).Select(a => a.RiskScore).ToListAsync(Cancel));
        Assert.Equal([20, 100], scores);

        // The notifications of both location signals carry the score.
        var messages = await app.WithDbAsync(db => db.AdminNotifications.AsNoTracking()
            .Where(n => n.Subject == email.ToUpperInvariant() && (n.Type == NotificationType.ImpossibleTravel || n.Type == NotificationType.NewCountrySignIn))
            .Select(n => n.Message).ToListAsync(Cancel));
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Contains("Risk score 100 of 100.", m, StringComparison.Ordinal));
    }
}
