using System.Net.Http.Headers;
using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Sessions;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Tokens for API clients: issued through the counted sign-in pipeline, bound to a server-side session, rotated on
/// every refresh; a replayed refresh token ends the whole session.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class TokenTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed record Pair(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken);

    private static async Task<Pair> ReadPairAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Pair>(Cancel))!;
    }

    private async Task<(string Email, Pair Pair)> StartAsync()
    {
        var email = await app.CreateUserAsync();
        using var response = await app.AllowListedClient().PostAsJsonAsync("/api/account/token", new { email, password = TestPasswords.Good }, Cancel);
        return (email, await ReadPairAsync(response));
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        app.AllowListedClient().PostAsJsonAsync("/api/account/token/refresh", new { refreshToken }, Cancel);

    private async Task<HttpResponseMessage> MeAsync(string accessToken)
    {
        var client = app.AllowListedClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await client.GetAsync("/api/account/me", Cancel);
    }

    [Fact]
    public async Task A_correct_password_gets_a_15_minute_bearer_token_bound_to_a_session()
    {
        var (email, pair) = await StartAsync();

        Assert.Equal(("Bearer", 900), (pair.TokenType, pair.ExpiresIn));
        using var me = await MeAsync(pair.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = JsonDocument.Parse(await me.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.Equal(email, body.GetProperty("email").GetString());
        Assert.Equal("bearer", body.GetProperty("authenticatedBy").GetString());
        var sessionId = body.GetProperty("sessionId").GetString();
        var session = await app.WithDbAsync(db => db.UserSessions.SingleAsync(s => s.Id == sessionId, Cancel));
        Assert.Equal(SessionKind.TokenClient, session.Kind);
        Assert.False(await app.WithDbAsync(db => db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>()
            .AnyAsync(t => t.ReferenceId == pair.RefreshToken, Cancel))); // the store keeps a hash of the reference, not the token
    }

    [Fact]
    public async Task A_wrong_password_is_answered_and_counted_like_the_login_api()
    {
        var email = await app.CreateUserAsync();
        var client = app.AllowListedClient();

        using var wrong = await client.PostAsJsonAsync("/api/account/token", new { email, password = TestPasswords.Wrong }, Cancel);
        using var login = await client.LoginAsync(email, TestPasswords.Wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal((await login.ProblemAsync()).GetProperty("title").GetString(), (await wrong.ProblemAsync()).GetProperty("title").GetString());
        Assert.Equal(2, await app.WithDbAsync(db => db.AccountLockouts.Where(l => l.Key == email.ToUpperInvariant()).Select(l => l.Failures).SingleAsync(Cancel)));
    }

    [Fact]
    public async Task A_refresh_rotates_the_pair_and_spends_the_old_refresh_token()
    {
        var (_, first) = await StartAsync();

        var second = await ReadPairAsync(await RefreshAsync(first.RefreshToken));

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(second.AccessToken)).StatusCode);
        var third = await ReadPairAsync(await RefreshAsync(second.RefreshToken));
        Assert.NotEqual(second.RefreshToken, third.RefreshToken);
    }

    [Fact]
    public async Task Replaying_a_spent_refresh_token_ends_the_whole_session_and_tells_the_owner()
    {
        var (email, first) = await StartAsync();
        var newest = await ReadPairAsync(await RefreshAsync(first.RefreshToken));

        using var replay = await RefreshAsync(first.RefreshToken);

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(newest.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(newest.AccessToken)).StatusCode);
        var reuse = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.Type == SecurityEventType.RefreshTokenReuse && e.TargetUserName == email.ToUpperInvariant(), Cancel));
        Assert.Equal(SecurityEventSeverity.Critical, reuse.Severity);
        Assert.True(await app.WithDbAsync(db => db.OutboxMails.AnyAsync(m => m.To == email && m.Kind == "RefreshTokenReuse", Cancel)));
    }

    [Fact]
    public async Task Two_refreshes_racing_with_one_token_never_both_win()
    {
        var (_, pair) = await StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RefreshAsync(pair.RefreshToken)));

        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) <= 1);
    }

    [Fact]
    public async Task Revoking_ends_the_session_and_its_access_token_at_once()
    {
        var (_, pair) = await StartAsync();

        using var revoked = await app.AllowListedClient().PostAsJsonAsync("/api/account/token/revoke", new { refreshToken = pair.RefreshToken }, Cancel);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(pair.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(pair.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task An_access_token_expires_after_15_minutes_and_a_refresh_renews_it()
    {
        var (_, pair) = await StartAsync();
        app.Time.Advance(TimeSpan.FromMinutes(16));

        using var expired = await MeAsync(pair.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("error=\"invalid_token\"", expired.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("token_expired", (await expired.ProblemAsync()).GetProperty("code").GetString());
        var renewed = await ReadPairAsync(await RefreshAsync(pair.RefreshToken));
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(renewed.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_browser_client_keeps_its_refresh_token_in_an_http_only_strict_cookie_on_the_token_paths()
    {
        var email = await app.CreateUserAsync();
        var browser = app.AllowListedClient();

        using var issued = await browser.PostAsJsonAsync("/api/account/token", new { email, password = TestPasswords.Good, refreshCookie = true }, Cancel);

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var body = JsonDocument.Parse(await issued.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.False(body.TryGetProperty("refreshToken", out _)); // never in script's reach
        var cookie = Assert.Single(issued.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Secure-AdminConsole.Refresh=", cookie, StringComparison.Ordinal);
        foreach (var attribute in new[] { "path=/api/account/token", "secure", "samesite=strict", "httponly" })
        {
            Assert.Contains(attribute, cookie, StringComparison.OrdinalIgnoreCase);
        }

        // Refresh with no token in the body: the cookie's is used, spent, and replaced.
        using var refreshed = await browser.PostAsJsonAsync("/api/account/token/refresh", new { }, Cancel);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var renewed = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(renewed.GetProperty("accessToken").GetString()!)).StatusCode);
        Assert.NotEqual(cookie.Split(';')[0], Assert.Single(refreshed.Headers.GetValues("Set-Cookie")).Split(';')[0]);

        using var revoked = await browser.PostAsJsonAsync("/api/account/token/revoke", new { }, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Contains("expires=Thu, 01 Jan 1970", Assert.Single(revoked.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(renewed.GetProperty("accessToken").GetString()!)).StatusCode);
        using var afterRevoke = await browser.PostAsJsonAsync("/api/account/token/refresh", new { }, Cancel);
        Assert.NotEqual(HttpStatusCode.OK, afterRevoke.StatusCode);
    }

    [Fact]
    public async Task More_refreshes_of_one_session_within_an_hour_than_the_limit_raise_one_warning()
    {
        var (calm, calmPair) = await StartAsync();
        var (busy, busyPair) = await StartAsync();
        var calmToken = calmPair.RefreshToken;
        var busyToken = busyPair.RefreshToken;
        for (var i = 0; i < 10; i++)
        {
            using var refreshed = await RefreshAsync(calmToken);
            calmToken = (await ReadPairAsync(refreshed)).RefreshToken;
        }

        for (var i = 0; i < 13; i++)
        {
            using var refreshed = await RefreshAsync(busyToken);
            busyToken = (await ReadPairAsync(refreshed)).RefreshToken;
        }

        var events = await app.WithDbAsync(db => db.SecurityEvents.AsNoTracking()
            .Where(e => e.Type == SecurityEventType.TokenRefreshBurst && (e.TargetUserName == calm.ToUpperInvariant() || e.TargetUserName == busy.ToUpperInvariant()))
            .ToListAsync(Cancel));
        var burst = Assert.Single(events); // 10 an hour are allowed; the 11th raises it, once
        Assert.Equal((busy.ToUpperInvariant(), SecurityEventSeverity.Warning), (burst.TargetUserName, burst.Severity));
        var notification = await app.WithDbAsync(db => db.AdminNotifications.AsNoTracking().SingleAsync(n => n.Subject == busy.ToUpperInvariant(), Cancel));
        Assert.Equal(AdminConsole.Core.Notifications.NotificationType.TokenRefreshBurst, notification.Type);
    }

    [Fact]
    public async Task A_token_session_is_listed_and_ending_it_refuses_its_access_token()
    {
        var (email, pair) = await StartAsync();
        var browser = app.AllowListedClient();
        using var signIn = await browser.LoginAsync(email, TestPasswords.Good);
        var sessions = JsonDocument.Parse(await browser.GetStringAsync("/api/account/sessions", Cancel)).RootElement.EnumerateArray().ToList();
        var tokenSession = Assert.Single(sessions, s => s.GetProperty("kind").GetString() == "TokenClient");

        using var ended = await browser.DeleteAsync($"/api/account/sessions/{tokenSession.GetProperty("id").GetString()}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        using var refused = await MeAsync(pair.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("token_invalid", (await refused.ProblemAsync()).GetProperty("code").GetString()); // not to be renewed
    }

    [Fact]
    public async Task An_account_with_a_second_factor_gets_no_token_from_a_password_alone()
    {
        var email = await app.CreateUserAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True((await users.ResetAuthenticatorKeyAsync(user)).Succeeded);
            Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        }

        using var response = await app.AllowListedClient().PostAsJsonAsync("/api/account/token", new { email, password = TestPasswords.Good }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("twoFactorRequired").GetBoolean());
    }

    [Fact]
    public async Task A_forged_or_unsigned_token_is_refused()
    {
        var (_, pair) = await StartAsync();
        var parts = pair.AccessToken.Split('.');
        var unsigned = $"{parts[0]}.{parts[1]}.";
        var tampered = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(unsigned)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(tampered)).StatusCode);
    }

    [Fact]
    public async Task The_access_token_is_signed_with_a_key_the_provider_publishes()
    {
        var (_, pair) = await StartAsync();

        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(pair.AccessToken);
        var jwks = JsonDocument.Parse(await app.AllowListedClient().GetStringAsync("/.well-known/jwks", Cancel)).RootElement;

        // One key set for the token API and every connected application; rotation is OpenIdKeyRotationTests'.
        Assert.Equal("RS256", token.Alg);
        Assert.Contains(token.Kid, jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
        Assert.Equal(AppFactory.PublicBaseUrl, token.Issuer);
    }

    [Fact]
    public async Task An_admin_lock_stops_the_accounts_tokens_at_once()
    {
        var (email, pair) = await StartAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var locked = await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Accounts.AccountAdminService>()
                .LockAsync(email, "stolen laptop", null, ConsoleActor.CommandLine(), Cancel);
            Assert.True(locked.Succeeded, locked.Message);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(pair.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(pair.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_token_sessions()
    {
        var (email, pair) = await StartAsync();
        var browser = app.AllowListedClient();
        using var signIn = await browser.LoginAsync(email, TestPasswords.Good);

        using var changed = await browser.PostFormAsync("/Account/Manage/ChangePassword", "change-password",
        [
            new("Input.OldPassword", TestPasswords.Good), new("Input.NewPassword", "another fresh passphrase 2026"),
            new("Input.ConfirmPassword", "another fresh passphrase 2026"),
        ]);

        Assert.True(changed.StatusCode == HttpStatusCode.Redirect, $"{changed.StatusCode}: {await changed.Content.ReadAsStringAsync(Cancel)}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(pair.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(pair.RefreshToken)).StatusCode);
        using var stillIn = await browser.GetAsync("/api/account/me", Cancel);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }
}
