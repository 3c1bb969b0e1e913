using System.Text.Json;
using AdminConsole.Core.Audit;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Server-side sessions (OWASP session management, ASVS 7.4.2 and 7.4.5): the cookie carries a session id, users
/// list and end their sessions, admins end them, and an ended session is refused at its very next request.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class SessionTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<HttpClient> SignedInAsync(string email, string userAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36")
    {
        var client = app.AllowListedClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        using var response = await client.LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    private static async Task<JsonElement[]> SessionsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/account/sessions", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.EnumerateArray()];
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/account/sessions", Cancel);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_user_sees_each_session_with_the_current_one_marked()
    {
        var email = await app.CreateUserAsync();
        var laptop = await SignedInAsync(email);
        await SignedInAsync(email, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1");

        var sessions = await SessionsAsync(laptop);

        Assert.Equal(2, sessions.Length);
        var current = Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());
        Assert.Equal("Chrome 131 on Linux", current.GetProperty("device").GetString());
        Assert.Contains(sessions, s => s.GetProperty("device").GetString() == "Safari 17 on iOS");
        foreach (var s in sessions)
        {
            Assert.Equal("Browser", s.GetProperty("kind").GetString());
            Assert.StartsWith("198.51.100.", s.GetProperty("address").GetString());
            Assert.Equal(43, s.GetProperty("id").GetString()!.Length);
        }
    }

    [Fact]
    public async Task Ending_another_session_signs_that_browser_out_at_its_next_request()
    {
        var email = await app.CreateUserAsync();
        var mine = await SignedInAsync(email);
        var other = await SignedInAsync(email);
        var otherId = (await SessionsAsync(other)).Single(s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetString();

        using var ended = await mine.DeleteAsync($"/api/account/sessions/{otherId}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(other));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(mine));
        var audit = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Type == SecurityEventType.SessionsRevoked && e.TargetUserName == email.ToUpperInvariant()).ToListAsync(Cancel));
        Assert.Equal(email, Assert.Single(audit).Actor);
    }

    [Fact]
    public async Task Signing_out_everywhere_else_keeps_only_this_session()
    {
        var email = await app.CreateUserAsync();
        var mine = await SignedInAsync(email);
        var second = await SignedInAsync(email);
        var third = await SignedInAsync(email);

        using var response = await mine.PostAsync("/api/account/sessions/sign-out-others", null, Cancel);

        Assert.Equal(2, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("ended").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(second));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(third));
        Assert.Single(await SessionsAsync(mine));
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_this_session_too()
    {
        var email = await app.CreateUserAsync();
        var mine = await SignedInAsync(email);
        var second = await SignedInAsync(email);

        using var response = await mine.PostAsync("/api/account/sessions/sign-out-all", null, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("ended").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(second));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(mine));
    }

    [Fact]
    public async Task A_user_cannot_end_someone_elses_session()
    {
        var victim = await SignedInAsync(await app.CreateUserAsync());
        var victimId = (await SessionsAsync(victim)).Single().GetProperty("id").GetString();
        var attacker = await SignedInAsync(await app.CreateUserAsync());

        using var response = await attacker.DeleteAsync($"/api/account/sessions/{victimId}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(victim));
    }

    [Fact]
    public async Task A_cookie_replayed_after_its_session_ended_is_refused()
    {
        var email = await app.CreateUserAsync();
        var client = await SignedInAsync(email);
        var id = (await SessionsAsync(client)).Single().GetProperty("id").GetString();

        using var signedOut = await client.DeleteAsync($"/api/account/sessions/{id}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client));
    }

    [Fact]
    public async Task An_admin_signing_the_account_out_everywhere_ends_every_session_at_once()
    {
        var email = await app.CreateUserAsync();
        var laptop = await SignedInAsync(email);
        var phone = await SignedInAsync(email);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Accounts.AccountAdminService>()
                .SignOutEverywhereAsync(email, "laptop reported stolen", new ConsoleActor(ConsoleAppFactory.AdminEmail, IsAdmin: true, "198.51.100.9"), Cancel);
            Assert.True(result.Succeeded, result.Message);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(laptop));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(phone));
    }

    [Fact]
    public async Task An_admin_ends_one_session_and_the_rest_go_on()
    {
        var email = await app.CreateUserAsync();
        var laptop = await SignedInAsync(email);
        var phone = await SignedInAsync(email);
        var phoneId = (await SessionsAsync(phone)).Single(s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Accounts.AccountAdminService>()
                .EndSessionAsync(email, phoneId, "unknown device", new ConsoleActor(ConsoleAppFactory.AdminEmail, IsAdmin: true, "198.51.100.9"), Cancel);
            Assert.True(result.Succeeded, result.Message);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(phone));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(laptop));
        var audit = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.Type == SecurityEventType.SessionsRevoked && e.TargetUserName == email.ToUpperInvariant(), Cancel));
        Assert.Equal(("unknown device", ConsoleAppFactory.AdminEmail), (audit.Reason, audit.Actor));
    }

    [Fact]
    public async Task Sessions_ended_inside_a_transaction_are_announced_once_it_commits_and_never_after_a_rollback()
    {
        var email = await app.CreateUserAsync();
        await SignedInAsync(email);
        await SignedInAsync(email);
        var signal = app.Services.GetRequiredService<AdminConsole.Core.Sessions.SessionSignal>();
        var heard = 0;
        void Listen() => Interlocked.Increment(ref heard);
        signal.Ended += Listen;
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Data.SecurityDbContext>();
            var store = scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Sessions.SessionStore>();
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancel);

            await using (var rolledBack = await db.Database.BeginTransactionAsync(Cancel))
            {
                Assert.Equal(2, await store.EndWithinAsync(userId, sessionId: null, "test", "rolled back", Cancel));
                await rolledBack.RollbackAsync(Cancel);
            }

            Assert.Equal(0, Volatile.Read(ref heard));

            await using (var committed = await db.Database.BeginTransactionAsync(Cancel))
            {
                Assert.Equal(2, await store.EndWithinAsync(userId, sessionId: null, "test", "committed", Cancel));
                Assert.Equal(0, Volatile.Read(ref heard)); // the sessions still read as open to every other connection
                await committed.CommitAsync(Cancel);
            }

            Assert.Equal(1, Volatile.Read(ref heard));
        }
        finally
        {
            signal.Ended -= Listen;
        }
    }

    [Fact]
    public async Task Without_a_session_the_list_answers_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(app.AllowListedClient()));
    }
}

/// <summary>
/// Session fixation: a sign-in over a browser that still holds someone's session never hands the new sign-in to
/// whoever kept the old cookie.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class SessionFixationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<string?> WhoAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/account/me", Cancel);
        return response.StatusCode == HttpStatusCode.OK
            ? System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("email").GetString()
            : null;
    }

    private HttpClient Replaying(string cookieHeader)
    {
        var client = app.Server.CreateClient();
        client.BaseAddress = new Uri("https://localhost");
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, "198.51.100.77");
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }

    [Fact]
    public async Task A_kept_cookie_never_becomes_the_next_users_session_through_the_api()
    {
        var attacker = await app.CreateUserAsync();
        var victim = await app.CreateUserAsync();
        var browser = app.AllowListedClient();
        using var first = await browser.LoginAsync(attacker, TestPasswords.Good);
        var kept = string.Join("; ", first.Headers.GetValues("Set-Cookie").Where(c => c.Contains("AdminConsole.Auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));

        using var second = await browser.LoginAsync(victim, TestPasswords.Good);

        Assert.NotEqual(victim, await WhoAsync(Replaying(kept)));
        Assert.Equal(victim, await WhoAsync(browser));
    }

    [Fact]
    public async Task Opening_the_sign_in_page_ends_the_session_the_browser_holds()
    {
        var someone = await app.CreateUserAsync();
        var browser = app.AllowListedClient();
        using var signIn = await browser.LoginAsync(someone, TestPasswords.Good);
        var kept = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Where(c => c.Contains("AdminConsole.Auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));

        using var page = await browser.GetAsync("/Account/Login", Cancel);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Null(await WhoAsync(Replaying(kept)));
    }
}
