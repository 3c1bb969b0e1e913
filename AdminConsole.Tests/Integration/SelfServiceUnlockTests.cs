using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdminConsole.Core.Accounts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Mail;
using Microsoft.AspNetCore.WebUtilities;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// The host of <see cref="SelfServiceUnlockTests"/>: Kestrel on loopback behind its trusted proxy (the account pages
/// want HTTPS, which the proxy vouches for), unlock links that live 5 minutes (locks live 15).
/// </summary>
public sealed class UnlockAppFactory : ProxyKestrelAppFactory
{
    public UnlockAppFactory()
    {
        Settings["Lockout:UnlockLinkLifetime"] = "00:05:00";
    }
}

/// <summary>
/// Self-service unlock by mail, over real sockets: the request answers alike for every address, mails a link only
/// for a lock its owner may lift, the link's page only reads, and its button lifts that lock once.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed partial class SelfServiceUnlockTests(UnlockAppFactory app) : IClassFixture<UnlockAppFactory>
{
    private const string Expired = "This unlock link has expired or was already used. Ask for a new one.";

    private static int nextAddress;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A client address of its own for each browser, so each has its own rate-limit budget and address count.</summary>
    private static string NewSource() => $"203.0.113.{Interlocked.Increment(ref nextAddress)}";

    /// <summary>A browser with its own address, through the proxy over a real loopback socket.</summary>
    private HttpClient Client(string? source = null) => ProxiedBrowser.Create(app, source ?? NewSource());

    private static Task<HttpResponseMessage> AskAsync(HttpClient client, string email) =>
        client.PostAsJsonAsync("/api/account/unlock-link", new { email }, Cancel);

    private Task<List<OutboxMail>> UnlockMailsAsync(string email) =>
        app.WithDbAsync(db => db.OutboxMails.Where(m => m.To == email && m.Kind == AccountMailKind.UnlockLink).ToListAsync(Cancel));

    private Task<AccountLockout> RowAsync(string email) =>
        app.WithDbAsync(db => db.AccountLockouts.AsNoTracking().SingleAsync(l => l.Key == email.ToUpperInvariant(), Cancel));

    private Task<List<SecurityEvent>> OwnerUnlocksAsync(string email) =>
        app.WithDbAsync(db => db.SecurityEvents.Where(e => e.TargetUserName == email.ToUpperInvariant() && e.Type == SecurityEventType.AccountUnlockedByOwner).ToListAsync(Cancel));

    [GeneratedRegex(@"https?://\S+/Account/Unlock\?\S+")]
    private static partial Regex UnlockUrl();

    /// <summary>The path and query of the unlock link in the account's newest unlock mail.</summary>
    private async Task<string> LinkAsync(string email)
    {
        var mail = (await UnlockMailsAsync(email)).OrderBy(m => m.Id).Last();
        var link = UnlockUrl().Match(mail.TextBody).Value;
        Assert.StartsWith($"{AppFactory.PublicBaseUrl}Account/Unlock?userId=", link);
        return new Uri(link).PathAndQuery;
    }

    private async Task<string> LockedAccountAsync()
    {
        var email = await app.CreateUserAsync();
        using var locked = await Client().FailTimesAsync(email, 5);
        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        return email;
    }

    private async Task<string> LockedWithLinkAsync()
    {
        var email = await LockedAccountAsync();
        using var asked = await AskAsync(Client(), email);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        return email;
    }

    /// <summary>
    /// Presses "Unlock my account" as the link's page sends it. The form token comes from another account page: a
    /// link that no longer works shows no form, and a browser that opened it while it worked still holds one.
    /// </summary>
    private static async Task<string> PressAsync(HttpClient client, string link)
    {
        var query = QueryHelpers.ParseQuery(new Uri("http://x" + link).Query);
        var form = new FormUrlEncodedContent(
        [
            new("_handler", "unlock"), new("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/Account/RequestUnlock")),
            new("Input.UserId", query["userId"].ToString()), new("Input.Code", query["code"].ToString()),
        ]);
        using var response = await client.PostAsync(link, form, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Cancel);
    }

    [Fact]
    public async Task Unknown_unlocked_and_locked_addresses_get_the_same_202_and_only_the_locked_account_gets_mail()
    {
        var locked = await LockedAccountAsync();
        var unlocked = await app.CreateUserAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        using var client = Client();

        var answers = new List<(HttpStatusCode Status, string? Type, string Body)>();
        foreach (var email in new[] { unknown, unlocked, locked })
        {
            using var response = await AskAsync(client, email);
            answers.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(Cancel)));
        }

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Accepted, "application/json"), (a.Status, a.Type)));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Contains("unlock link is on its way", answers[0].Body);
        Assert.Empty(await UnlockMailsAsync(unknown));
        Assert.Empty(await UnlockMailsAsync(unlocked));
        var mail = Assert.Single(await UnlockMailsAsync(locked));
        Assert.Equal("Unlock your account", mail.Subject);
        Assert.Contains($"Sign in: {AppFactory.PublicBaseUrl}Account/Login", mail.TextBody);
        Assert.Contains("expires in 5 minutes", mail.TextBody);
    }

    [Fact]
    public async Task The_page_form_answers_alike_and_mails_only_the_locked_account()
    {
        var locked = await LockedAccountAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        using var client = Client();

        using var forLocked = await client.PostFormAsync("/Account/RequestUnlock", "request-unlock", [new("Input.Email", locked)]);
        using var forUnknown = await client.PostFormAsync("/Account/RequestUnlock", "request-unlock", [new("Input.Email", unknown)]);

        Assert.Equal(HttpStatusCode.Redirect, forLocked.StatusCode);
        Assert.Equal(forLocked.ComparableLocation(locked), forUnknown.ComparableLocation(unknown));
        Assert.Equal(await forLocked.ComparableBodyAsync(locked), await forUnknown.ComparableBodyAsync(unknown));
        Assert.EndsWith("Account/UnlockLinkSent", forLocked.Headers.Location?.OriginalString);
        Assert.Single(await UnlockMailsAsync(locked));
        Assert.Empty(await UnlockMailsAsync(unknown));
    }

    [Fact]
    public async Task The_sign_in_pages_lock_message_offers_the_unlock_link_and_the_forgot_password_page_links_to_it()
    {
        var email = await app.CreateUserAsync();
        using var client = Client();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last?.Dispose();
            last = await client.PostFormAsync("/Account/Login", "login", [new("Input.Email", email), new("Input.Password", TestPasswords.Wrong)]);
        }

        var html = await last!.Content.ReadAsStringAsync(Cancel);
        last.Dispose();
        Assert.Contains("Too many failed attempts", html);
        Assert.Contains("href=\"Account/RequestUnlock\"", html);
        Assert.Contains("Send me an unlock link", html);
        using var forgot = await client.GetAsync("/Account/ForgotPassword", Cancel);
        Assert.Contains("href=\"Account/RequestUnlock\"", await forgot.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Opening_the_link_shows_the_button_and_changes_nothing()
    {
        var email = await LockedWithLinkAsync();
        var before = await RowAsync(email);

        using var page = await Client().GetAsync(await LinkAsync(email), Cancel);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Unlock my account", await page.Content.ReadAsStringAsync(Cancel));
        var after = await RowAsync(email);
        Assert.Equal((before.LockedUntil, before.Failures, before.Tier), (after.LockedUntil, after.Failures, after.Tier));
        Assert.True(after.LockedUntil > app.Time.GetUtcNow());
        Assert.Empty(await OwnerUnlocksAsync(email));
    }

    [Fact]
    public async Task The_button_lifts_the_lock_once_without_a_password_change_and_the_owner_signs_in()
    {
        var email = await LockedWithLinkAsync();
        var link = await LinkAsync(email);

        var done = await PressAsync(Client(), link);

        Assert.Contains("Your account is unlocked", done);
        Assert.Contains("href=\"Account/Login\"", done);
        var row = await RowAsync(email);
        Assert.Null(row.LockedUntil);
        Assert.Equal((0, 0, false), (row.Failures, row.Tier, row.LockedByAdmin));

        // the failures still count towards the cap until a successful sign-in (NIST SP 800-63B 5.2.2)
        Assert.Equal(5, row.ConsecutiveFailures);
        using var signIn = await Client().LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        // used: the second press is refused and changes nothing, even for a new lock set at the same instant
        using var locked = await Client().FailTimesAsync(email, 5);
        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        Assert.Contains(Expired, await PressAsync(Client(), link));
        Assert.True((await RowAsync(email)).LockedUntil > app.Time.GetUtcNow());
        Assert.Single(await OwnerUnlocksAsync(email));
    }

    [Fact]
    public async Task Presses_of_one_link_at_the_same_moment_lift_the_lock_once()
    {
        var email = await LockedWithLinkAsync();
        var link = await LinkAsync(email);
        var clients = Enumerable.Range(0, 5).Select(_ => Client()).ToList();

        var pages = await Task.WhenAll(clients.Select(c => PressAsync(c, link)));

        Assert.Equal(1, pages.Count(p => p.Contains("Your account is unlocked", StringComparison.Ordinal)));
        Assert.Equal(4, pages.Count(p => p.Contains(Expired, StringComparison.Ordinal)));
        Assert.Single(await OwnerUnlocksAsync(email));
    }

    [Fact]
    public async Task The_unlock_is_audited_with_the_owner_by_mail_as_actor_and_shows_in_the_accounts_history()
    {
        var email = await LockedWithLinkAsync();

        await PressAsync(Client(NewSource()), await LinkAsync(email));

        var e = Assert.Single(await OwnerUnlocksAsync(email));
        Assert.Equal(("the account's owner, by mail", SecurityEventSeverity.Info), (e.Actor, e.Severity));
        Assert.StartsWith("203.0.113.", e.Address);
        Assert.Equal(new AccountUnlockedByOwnerDetails(1, 5, 5, e.DetailsAs<AccountUnlockedByOwnerDetails>()!.LockedUntil), e.DetailsAs<AccountUnlockedByOwnerDetails>());
        await using var scope = app.Services.CreateAsyncScope();
        var history = await scope.ServiceProvider.GetRequiredService<AccountActivity>().PageAsync(e.TargetUserId!, 0, Cancel);
        Assert.Contains(history.Items, i => i.What == "Account unlocked by owner" && i.By == "you, by mail");
        var audit = await scope.ServiceProvider.GetRequiredService<AuditQueries>().ListAsync(new AuditQuery(Type: SecurityEventType.AccountUnlockedByOwner, TargetUserId: e.TargetUserId), Cancel);
        Assert.Single(audit.Items);
    }

    [Fact]
    public async Task An_expired_link_is_refused_and_changes_nothing()
    {
        var email = await LockedWithLinkAsync();
        var link = await LinkAsync(email);

        app.Time.Advance(TimeSpan.FromMinutes(5));

        using var page = await Client().GetAsync(link, Cancel);
        Assert.Contains(Expired, await page.Content.ReadAsStringAsync(Cancel));
        Assert.Contains(Expired, await PressAsync(Client(), link));
        Assert.True((await RowAsync(email)).LockedUntil > app.Time.GetUtcNow());
        Assert.Empty(await OwnerUnlocksAsync(email));
    }

    [Fact]
    public async Task A_link_for_a_lock_that_was_lifted_and_set_again_does_not_lift_the_new_one()
    {
        var email = await LockedWithLinkAsync();
        var link = await LinkAsync(email);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<LockoutStore>().UnlockAsync(email.ToUpperInvariant(), app.Time.GetUtcNow(), Cancel));
        }

        app.Time.Advance(TimeSpan.FromSeconds(1));
        using var again = await Client().FailTimesAsync(email, 5);
        Assert.Equal(HttpStatusCode.Locked, again.StatusCode);

        Assert.Contains(Expired, await PressAsync(Client(), link));
        Assert.True((await RowAsync(email)).LockedUntil > app.Time.GetUtcNow());
    }

    [Fact]
    public async Task A_tampered_link_or_one_for_another_account_is_refused()
    {
        var email = await LockedWithLinkAsync();
        var other = await LockedAccountAsync();
        var link = await LinkAsync(email);
        var query = QueryHelpers.ParseQuery(new Uri("http://x" + link).Query);
        var otherId = (await RowAsync(other)).UserId!;
        var code = query["code"].ToString();
        var tampered = code[..20] + (code[20] == 'A' ? 'B' : 'A') + code[21..];

        foreach (var (userId, c) in new[] { (otherId, code), (query["userId"].ToString(), tampered), (query["userId"].ToString(), ""), ("", code) })
        {
            var path = $"/Account/Unlock?userId={Uri.EscapeDataString(userId)}&code={Uri.EscapeDataString(c)}";
            using var page = await Client().GetAsync(path, Cancel);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains(Expired, await page.Content.ReadAsStringAsync(Cancel));
        }

        using var client = Client();
        using var forged = await client.PostFormAsync(link, "unlock", [new("Input.UserId", otherId), new("Input.Code", code)]);
        Assert.Contains(Expired, await forged.Content.ReadAsStringAsync(Cancel));
        Assert.True((await RowAsync(email)).LockedUntil > app.Time.GetUtcNow());
        Assert.True((await RowAsync(other)).LockedUntil > app.Time.GetUtcNow());
    }

    [Fact]
    public async Task An_admin_lock_is_never_lifted_and_gets_no_mail()
    {
        var email = await LockedWithLinkAsync();
        var link = await LinkAsync(email);
        var now = app.Time.GetUtcNow();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<LockoutStore>().LockAsync(email.ToUpperInvariant(), now.AddDays(1), 0, now, Cancel));
        }

        using var asked = await AskAsync(Client(), email);

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Single(await UnlockMailsAsync(email));
        Assert.Contains(Expired, await PressAsync(Client(), link));
        var row = await RowAsync(email);
        Assert.True(row.LockedByAdmin);
        Assert.Equal(now.AddDays(1), row.LockedUntil);
    }

    [Fact]
    public async Task The_lock_only_an_admin_lifts_gets_no_mail_and_is_not_lifted()
    {
        var email = await LockedWithLinkAsync();
        var link = await LinkAsync(email);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // the consecutive-failure cap, reached by the statement the device lane counts with
            var options = new LockoutPolicyOptions { Tiers = LockoutPolicyOptions.DefaultTiers(), MaxConsecutiveFailures = 6 };
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<LockoutStore>().CountConsecutiveAsync(options, email.ToUpperInvariant(), app.Time.GetUtcNow(), Cancel));
        }

        Assert.Equal(LockoutPolicy.UntilUnlocked, (await RowAsync(email)).LockedUntil);
        using var asked = await AskAsync(Client(), email);

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Single(await UnlockMailsAsync(email));
        Assert.Contains(Expired, await PressAsync(Client(), link));
        Assert.Equal(LockoutPolicy.UntilUnlocked, (await RowAsync(email)).LockedUntil);
    }

    [Fact]
    public async Task The_last_tier_reached_by_failures_gets_no_mail()
    {
        var email = await app.CreateUserAsync();
        foreach (var _ in new[] { 1, 2, 3 })
        {
            using var locked = await Client().FailTimesAsync(email, 5);
            Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
            app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        }

        Assert.Equal(LockoutPolicy.UntilUnlocked, (await RowAsync(email)).LockedUntil);
        using var asked = await AskAsync(Client(), email);

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Empty(await UnlockMailsAsync(email));
    }

    [Fact]
    public async Task The_lock_mail_offers_a_link_that_lifts_the_lock()
    {
        var email = await LockedAccountAsync();
        var lockMail = await app.WithDbAsync(db => db.OutboxMails.SingleAsync(m => m.To == email && m.Kind == "AccountLocked", Cancel));
        var link = new Uri(UnlockUrl().Match(lockMail.TextBody).Value).PathAndQuery;

        Assert.Contains("Your account is unlocked", await PressAsync(Client(), link));
        Assert.Null((await RowAsync(email)).LockedUntil);
    }

    [Fact]
    public async Task Requests_beyond_the_password_reset_limit_answer_429()
    {
        using var client = Client();
        var email = $"nobody-{Guid.NewGuid():N}@example.com";

        for (var i = 0; i < 3; i++)
        {
            using var accepted = await AskAsync(client, email);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var limited = await AskAsync(client, email);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Over_the_per_account_limit_the_answer_is_the_same_but_no_more_mail_goes_out()
    {
        var email = await LockedAccountAsync();

        for (var i = 0; i < 4; i++)
        {
            using var accepted = await AskAsync(Client(), email);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        Assert.Equal(3, (await UnlockMailsAsync(email)).Count);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "application/json", "{}", "email" },
        { "application/json", """{"email":""}""", "email" },
        { "application/json", """{"email":"not an address"}""", "email" },
        { "application/json", """{"email":"a@example.com\nBcc: b@example.com"}""", "email" },
        { "application/json", """{"email":42}""", "email" },
        { "application/json", """{"email":"a@example.com","email":"b@example.com"}""", "body" },
        { "application/json", "{", "body" },
        { "application/json", "{\"email\":\"a@example.com\",\"pad\":\"" + new string('x', 2000) + "\"}", "body" },
        { "text/plain", """{"email":"a@example.com"}""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_gets_a_400_naming_the_field_and_sends_nothing(string contentType, string body, string field)
    {
        var mailsBefore = await app.WithDbAsync(db => db.OutboxMails.CountAsync(Cancel));

        using var response = await Client().PostAsync("/api/account/unlock-link", new StringContent(body, Encoding.UTF8, contentType), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal("The unlock link request is not valid.", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var errors), problem.ToString());
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.Equal(mailsBefore, await app.WithDbAsync(db => db.OutboxMails.CountAsync(Cancel)));
    }
}
