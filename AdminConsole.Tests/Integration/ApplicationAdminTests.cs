using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.OpenId;
using static AdminConsole.Tests.Infrastructure.OpenIdAppFactory;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Applications registered by admins (console and admin API): what is registered works at once on the real
/// endpoints, a secret is shown once and rotates, disabling refuses the application everywhere and revokes its
/// tokens, configuration keeps its own applications, and every change is audited.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class ApplicationAdminTests(OpenIdAppFactory app) : IClassFixture<OpenIdAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly ConsoleActor Admin = ConsoleActor.CommandLine();

    private async Task<T> With<T>(Func<ApplicationService, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ApplicationService>());
    }

    private static string NewId() => $"app-{Guid.NewGuid():N}"[..20];

    private static ApplicationDraft Server(string id, string? backChannel = null) =>
        new(id, "Billing service", "confidential", ["https://billing.example.test/signin-oidc"], [], backChannel, ["openid", "email", "offline_access"], false, "Billing goes live");

    private static Task<HttpResponseMessage> ClientCredentialsAsync(HttpClient browser, string id, string? secret) =>
        TokenAsync(browser, ("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret));

    private async Task<List<SecurityEvent>> EventsAsync(string clientId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        SecurityEventType[] types =
        [
            SecurityEventType.ApplicationRegistered, SecurityEventType.ApplicationChanged, SecurityEventType.ApplicationSecretRotated,
            SecurityEventType.ApplicationDisabled, SecurityEventType.ApplicationEnabled, SecurityEventType.ApplicationDeleted,
            SecurityEventType.ApplicationLocked, SecurityEventType.ApplicationUnlocked,
        ];
        var events = await db.SecurityEvents.AsNoTracking().Where(e => types.Contains(e.Type)).ToListAsync(Cancel);
        return events.Where(e => e.Details?.Contains($"\"{clientId}\"", StringComparison.Ordinal) == true).OrderBy(e => e.Id).ToList();
    }

    [Fact]
    public async Task A_registered_confidential_application_gets_its_secret_once_and_can_use_it_at_once()
    {
        var id = NewId();

        var created = await With(s => s.AddAsync(Server(id), Admin, Cancel));

        Assert.True(created.Succeeded, created.Message);
        var secret = created.Value!.ClientSecret;
        Assert.True(secret is { Length: >= OpenIdOptionsValidator.MinimumSecretLength }, "a strong secret");
        using var token = await ClientCredentialsAsync(app.Browser(), id, secret);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var listed = Assert.Single(await With(s => s.ListAsync(Cancel)), a => a.ClientId == id);
        Assert.Equal(("Billing service", "confidential", true, OpenIdClientSync.FromConsole), (listed.DisplayName, listed.Type, listed.Enabled, listed.Source));
        Assert.Equal(["openid", "email", "offline_access"], listed.Scopes);
        var audit = Assert.Single(await EventsAsync(id));
        Assert.Equal((SecurityEventType.ApplicationRegistered, "Billing goes live"), (audit.Type, audit.Reason));
    }

    [Fact]
    public async Task A_registered_public_application_signs_a_person_in_with_the_code_flow()
    {
        var id = NewId();
        const string redirect = "http://127.0.0.1:5997/callback";
        var created = await With(s => s.AddAsync(new ApplicationDraft(id, "Team wiki", "public", [redirect], [], null, ["openid", "email"], false, "Wiki sign-in"), Admin, Cancel));
        Assert.True(created.Succeeded, created.Message);
        Assert.Null(created.Value!.ClientSecret);

        var email = await app.CreateUserAsync();
        var browser = app.Browser();
        var (verifier, challenge) = Pkce();
        var code = CodeOf(await AuthorizeAsync(browser, AuthorizeUrl(id, redirect, challenge, "openid email"), email));
        using var tokens = await RedeemAsync(browser, code, verifier, id, redirect);

        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        Assert.True((await JsonAsync(tokens)).TryGetProperty("id_token", out _));
    }

    [Fact]
    public async Task Rotating_the_secret_stops_the_old_one_at_once()
    {
        var id = NewId();
        var old = (await With(s => s.AddAsync(Server(id), Admin, Cancel))).Value!.ClientSecret;

        var rotated = await With(s => s.RotateSecretAsync(id, "The old one was pasted in a ticket", Admin, Cancel));

        Assert.True(rotated.Succeeded, rotated.Message);
        Assert.NotEqual(old, rotated.Value!.ClientSecret);
        using var withOld = await ClientCredentialsAsync(app.Browser(), id, old);
        using var withNew = await ClientCredentialsAsync(app.Browser(), id, rotated.Value.ClientSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        Assert.Equal("invalid_client", (await JsonAsync(withOld)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        Assert.Equal(SecurityEventType.ApplicationSecretRotated, (await EventsAsync(id))[^1].Type);
    }

    [Fact]
    public async Task A_disabled_application_is_refused_everywhere_its_tokens_are_revoked_and_enabling_gives_it_back()
    {
        var id = NewId();
        var secret = (await With(s => s.AddAsync(Server(id), Admin, Cancel))).Value!.ClientSecret;
        var browser = app.Browser();
        using var before = await ClientCredentialsAsync(browser, id, secret);
        var accessToken = (await JsonAsync(before)).GetProperty("access_token").GetString();

        var disabled = await With(s => s.SetEnabledAsync(id, false, "Suspected leak", Admin, Cancel));

        Assert.True(disabled.Succeeded, disabled.Message);
        Assert.False(disabled.Value!.Enabled);
        using var refused = await ClientCredentialsAsync(browser, id, secret);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var authorize = await browser.GetAsync(AuthorizeUrl(id, "https://billing.example.test/signin-oidc", Pkce().Challenge), Cancel);
        var location = authorize.Headers.Location?.OriginalString ?? "";
        Assert.True(authorize.StatusCode == HttpStatusCode.BadRequest || location.Contains("error=unauthorized_client", StringComparison.Ordinal), $"{(int)authorize.StatusCode} {location}");
        using var introspected = await TokenIntrospectionAsync(browser, accessToken!);
        Assert.False((await JsonAsync(introspected)).GetProperty("active").GetBoolean());
        Assert.Equal(AdminOutcome.NoChange, (await With(s => s.SetEnabledAsync(id, false, "again", Admin, Cancel))).Outcome);

        var enabled = await With(s => s.SetEnabledAsync(id, true, "Secret checked: not leaked", Admin, Cancel));

        Assert.True(enabled.Succeeded, enabled.Message);
        using var after = await ClientCredentialsAsync(browser, id, secret);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal([SecurityEventType.ApplicationRegistered, SecurityEventType.ApplicationDisabled, SecurityEventType.ApplicationEnabled], (await EventsAsync(id)).Select(e => e.Type));
    }

    /// <summary>Introspection by the confidential configuration client, which may introspect.</summary>
    private static Task<HttpResponseMessage> TokenIntrospectionAsync(HttpClient browser, string token) =>
        browser.PostAsync("/connect/introspect", new FormUrlEncodedContent(
            [new("token", token), new("client_id", ConfidentialClient), new("client_secret", ConfidentialSecret)]), Cancel);

    [Fact]
    public async Task Changing_an_application_takes_effect_at_once_and_keeps_its_secret()
    {
        var id = NewId();
        var secret = (await With(s => s.AddAsync(Server(id), Admin, Cancel))).Value!.ClientSecret;

        var changed = await With(s => s.UpdateAsync(id, Server(id) with
        {
            DisplayName = "Billing",
            RedirectUris = ["https://billing.example.test/oidc"],
            RequireTwoFactor = true,
            Reason = "New callback path",
        }, Admin, Cancel));

        Assert.True(changed.Succeeded, changed.Message);
        Assert.Equal(("Billing", true), (changed.Value!.DisplayName, changed.Value.RequireTwoFactor));
        Assert.Equal(["https://billing.example.test/oidc"], changed.Value.RedirectUris);
        using var token = await ClientCredentialsAsync(app.Browser(), id, secret);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var audit = (await EventsAsync(id))[^1];
        Assert.Equal(SecurityEventType.ApplicationChanged, audit.Type);
        Assert.Contains("redirect URIs", audit.Details, StringComparison.Ordinal);
        Assert.Equal(AdminOutcome.NoChange, (await With(s => s.UpdateAsync(id, Server(id) with
        {
            DisplayName = "Billing", RedirectUris = ["https://billing.example.test/oidc"], RequireTwoFactor = true,
        }, Admin, Cancel))).Outcome);
    }

    [Fact]
    public async Task A_deleted_application_is_unknown_at_once()
    {
        var id = NewId();
        var secret = (await With(s => s.AddAsync(Server(id), Admin, Cancel))).Value!.ClientSecret;

        var deleted = await With(s => s.DeleteAsync(id, "Billing retired", Admin, Cancel));

        Assert.True(deleted.Succeeded, deleted.Message);
        Assert.Null(await With(s => s.GetAsync(id, Cancel)));
        using var token = await ClientCredentialsAsync(app.Browser(), id, secret);
        Assert.Equal("invalid_client", (await JsonAsync(token)).GetProperty("error").GetString());
        Assert.Equal(SecurityEventType.ApplicationDeleted, (await EventsAsync(id))[^1].Type);
    }

    [Fact]
    public async Task Bad_input_gets_an_error_per_field_and_registers_nothing()
    {
        var id = NewId();

        var result = await With(s => s.AddAsync(new ApplicationDraft(
            id + " !", "", "desktop", ["ftp://x", "https://ok.example.test/cb#frag"], ["not an address"], "http://192.0.2.1/logout", ["openid", "admin"], false, " "), Admin, Cancel));

        Assert.Equal(AdminOutcome.Invalid, result.Outcome);
        Assert.Equal(
            ["BackChannelLogoutUri", "ClientId", "DisplayName", "PostLogoutRedirectUris", "Reason", "RedirectUris", "Scopes", "Type"],
            result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("Line 1 must be an absolute https address", result.Errors["RedirectUris"], StringComparison.Ordinal);
        Assert.Null(await With(s => s.GetAsync(id + " !", Cancel)));
        Assert.Equal(AdminOutcome.Invalid, (await With(s => s.AddAsync(Server(PublicClient), Admin, Cancel))).Outcome); // taken
        Assert.Equal(AdminOutcome.Invalid, (await With(s => s.AddAsync(Server(ApiTokenClient.ClientId), Admin, Cancel))).Outcome); // reserved
    }

    [Fact]
    public async Task An_application_from_configuration_can_be_disabled_but_not_changed_and_stays_disabled_after_a_restart()
    {
        Assert.Equal(ApplicationService.OwnedByConfiguration, (await With(s => s.UpdateAsync(TwoFactorClient, Server(TwoFactorClient), Admin, Cancel))).Message);
        Assert.Equal(ApplicationService.OwnedByConfiguration, (await With(s => s.DeleteAsync(TwoFactorClient, "no", Admin, Cancel))).Message);
        Assert.Equal(ApplicationService.OwnedByConfiguration, (await With(s => s.RotateSecretAsync(ConfidentialClient, "no", Admin, Cancel))).Message);
        Assert.Equal(AdminOutcome.NotFound, (await With(s => s.SetEnabledAsync(ApiTokenClient.ClientId, false, "no", Admin, Cancel))).Outcome);

        try
        {
            Assert.True((await With(s => s.SetEnabledAsync(TwoFactorClient, false, "Paused", Admin, Cancel))).Succeeded);
            await OpenIdClientSync.SynchroniseAsync(app.Services, Cancel); // what every start does

            Assert.False((await With(s => s.GetAsync(TwoFactorClient, Cancel)))!.Enabled);
        }
        finally
        {
            Assert.True((await With(s => s.SetEnabledAsync(TwoFactorClient, true, "Resumed", Admin, Cancel))).Succeeded);
        }

        Assert.True((await With(s => s.GetAsync(TwoFactorClient, Cancel)))!.Enabled);
    }

    [Fact]
    public async Task A_registered_applications_back_channel_logout_uri_is_used_when_a_session_ends()
    {
        var id = NewId();
        var secret = (await With(s => s.AddAsync(Server(id, app.BackChannel.Url), Admin, Cancel))).Value!.ClientSecret;
        var email = await app.CreateUserAsync();
        var browser = app.Browser();
        var (verifier, challenge) = Pkce();
        var code = CodeOf(await AuthorizeAsync(browser, AuthorizeUrl(id, "https://billing.example.test/signin-oidc", challenge, "openid email offline_access"), email));
        using var redeemed = await RedeemAsync(browser, code, verifier, id, "https://billing.example.test/signin-oidc", secret);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
            var user = await db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), Cancel);
            Assert.True(await db.BackChannelLogouts.AnyAsync(l => l.UserId == user.Id && l.ClientId == id, Cancel) == false);
            var locked = await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Accounts.AccountAdminService>()
                .LockAsync(email, "stolen laptop", null, Admin, Cancel);
            Assert.True(locked.Succeeded, locked.Message);
            var queued = await db.BackChannelLogouts.AsNoTracking().SingleAsync(l => l.UserId == user.Id && l.ClientId == id, Cancel);
            Assert.Equal(app.BackChannel.Url, queued.Url);
        }
    }

    [Fact]
    public async Task Wrong_secrets_in_parallel_lock_the_application_once_and_only_an_admin_unlock_lets_its_right_secret_in()
    {
        var id = NewId();
        var secret = (await With(s => s.AddAsync(Server(id), Admin, Cancel))).Value!.ClientSecret;

        // More wrong secrets than OpenId:ClientFailures (10), at once, each from its own address.
        var answers = await Task.WhenAll(Enumerable.Range(0, 14).Select(async _ =>
        {
            using var response = await ClientCredentialsAsync(app.Browser(), id, "a-guess-at-the-secret-of-this-application");
            return response.StatusCode;
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a));
        var locked = (await With(s => s.GetAsync(id, Cancel)))!;
        Assert.Equal((false, true), (locked.Enabled, locked.Locked));
        using (var right = await ClientCredentialsAsync(app.Browser(), id, secret))
        {
            Assert.NotEqual(HttpStatusCode.OK, right.StatusCode); // locked: the right secret is refused too
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
            Assert.Equal(14, await db.LoginAttempts.CountAsync(a => a.ClientId == id && a.Outcome == AdminConsole.Core.Attempts.LoginOutcome.WrongClientSecret, Cancel));
            var notification = await db.AdminNotifications.AsNoTracking().SingleAsync(n => n.Subject == id, Cancel);
            Assert.Equal((AdminConsole.Core.Notifications.NotificationType.ApplicationLocked, SecurityEventSeverity.Critical), (notification.Type, notification.Severity));
        }

        var lockEvent = Assert.Single(await EventsAsync(id), e => e.Type == SecurityEventType.ApplicationLocked);
        Assert.Equal((SecurityEvent.SystemActor, SecurityEventSeverity.Critical), (lockEvent.Actor, lockEvent.Severity));

        var unlocked = await With(s => s.SetEnabledAsync(id, true, "Secret rotated on the billing side", Admin, Cancel));

        Assert.True(unlocked.Succeeded, unlocked.Message);
        Assert.Equal(SecurityEventType.ApplicationUnlocked, (await EventsAsync(id))[^1].Type);
        using (var wrongOnce = await ClientCredentialsAsync(app.Browser(), id, "one-more-wrong-secret-after-the-unlock-0000"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongOnce.StatusCode);
        }

        using var afterUnlock = await ClientCredentialsAsync(app.Browser(), id, secret);
        Assert.Equal(HttpStatusCode.OK, afterUnlock.StatusCode); // the failures before the unlock no longer count

        // The attempts page's filter and export by application.
        var viewer = await ConsoleClientAsync(AppRoles.SecurityViewer);
        var csv = (await viewer.GetStringAsync($"/api/admin/attempts.csv?client={id}", Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(15, csv.Count(l => l.Contains(",WrongClientSecret,", StringComparison.Ordinal)));
        Assert.All(csv, l => Assert.EndsWith("," + id + ",,,,", l.TrimEnd('\r'), StringComparison.Ordinal)); // no place, no score: not password sign-ins
    }

    [Fact]
    public async Task A_clients_own_token_never_reads_as_a_person_at_userinfo()
    {
        var id = NewId();
        var secret = (await With(s => s.AddAsync(Server(id) with { Scopes = ["openid", "email", "roles"] }, Admin, Cancel))).Value!.ClientSecret;
        var browser = app.Browser();
        using var token = await TokenAsync(browser, ("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret), ("scope", "email roles"));
        var accessToken = (await JsonAsync(token)).GetProperty("access_token").GetString();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        using var userinfo = await browser.SendAsync(request, Cancel);

        Assert.NotEqual(HttpStatusCode.OK, userinfo.StatusCode);
        Assert.Equal(AdminOutcome.Invalid, (await With(s => s.AddAsync(Server(Guid.NewGuid().ToString()), Admin, Cancel))).Outcome);
    }

    [Fact]
    public async Task Wrong_secrets_for_an_unknown_or_public_client_lock_nothing()
    {
        for (var i = 0; i < 11; i++)
        {
            using var unknown = await ClientCredentialsAsync(app.Browser(), "no-such-application", "a-guess-at-a-secret");
            using var @public = await ClientCredentialsAsync(app.Browser(), TwoFactorClient, "a-public-client-has-no-secret");
        }

        var twoFactor = (await With(s => s.GetAsync(TwoFactorClient, Cancel)))!;
        Assert.Equal((true, false), (twoFactor.Enabled, twoFactor.Locked));
    }

    [Fact]
    public async Task The_admin_api_registers_for_an_admin_shows_the_secret_once_and_refuses_a_viewer()
    {
        var admin = await ConsoleClientAsync(AppRoles.SecurityAdmin);
        var viewer = await ConsoleClientAsync(AppRoles.SecurityViewer);
        var id = NewId();
        var body = new { clientId = id, displayName = "Reports job", type = "confidential", scopes = new[] { "email" }, reason = "Nightly export" };

        using var refused = await viewer.PostAsJsonAsync("/api/admin/applications", body, Cancel);
        using var created = await admin.PostAsJsonAsync("/api/admin/applications", body, Cancel);
        using var invalid = await admin.PostAsJsonAsync("/api/admin/applications", new { clientId = NewId(), type = "public", reason = "x" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/admin/applications/{id}", created.Headers.Location?.OriginalString);
        var secret = (await JsonAsync(created)).GetProperty("clientSecret").GetString();
        using var token = await ClientCredentialsAsync(app.Browser(), id, secret);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var read = await viewer.GetStringAsync($"/api/admin/applications/{id}", Cancel);
        Assert.DoesNotContain(secret!, read, StringComparison.Ordinal);
        Assert.Equal("Reports job", JsonDocument.Parse(read).RootElement.GetProperty("displayName").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.ProblemAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty("displayName", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("redirectUris", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/admin/applications/no-such-app", Cancel)).StatusCode);
    }

    private async Task<HttpClient> ConsoleClientAsync(string role)
    {
        var client = app.Browser();
        var email = await app.CreateUserAsync(role: role);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
        return client;
    }
}

/// <summary>
/// "Apps with access" on the account pages: the applications a person signed in to, and taking access back, which
/// revokes the application's grant and tokens and logs the person out of it over the back channel.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class AppsWithAccessTests(OpenIdAppFactory app) : IClassFixture<OpenIdAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_person_sees_the_applications_they_signed_in_to_and_revoking_one_ends_its_tokens_and_logs_them_out_of_it()
    {
        var email = await app.CreateUserAsync();
        var browser = app.Browser();
        var (verifier, challenge) = Pkce();
        var code = CodeOf(await AuthorizeAsync(browser, AuthorizeUrl(ConfidentialClient, ConfidentialRedirect, challenge, "openid email offline_access"), email));
        using var redeemed = await RedeemAsync(browser, code, verifier, ConfidentialClient, ConfidentialRedirect, ConfidentialSecret);
        var refreshToken = (await JsonAsync(redeemed)).GetProperty("refresh_token").GetString()!;
        var (verifier2, challenge2) = Pkce();
        var code2 = CodeOf(await AuthorizeAsync(browser, AuthorizeUrl(PublicClient, PublicRedirect, challenge2, "openid email"), email));
        using (var second = await RedeemAsync(browser, code2, verifier2))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var page = await browser.GetStringAsync("/Account/Manage/Applications", Cancel);
        Assert.Contains($"Test {ConfidentialClient}", page, StringComparison.Ordinal);
        Assert.Contains($"Test {PublicClient}", page, StringComparison.Ordinal);
        Assert.Contains("your email, access while you are away", page, StringComparison.Ordinal);

        using var revoke = await browser.PostFormAsync("/Account/Manage/Applications", "applications", [new("ClientId", ConfidentialClient)]);

        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        page = await browser.GetStringAsync("/Account/Manage/Applications", Cancel);
        Assert.Contains($"Test {ConfidentialClient} no longer has access to your account.", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"<b>Test {ConfidentialClient}</b>", page, StringComparison.Ordinal);
        Assert.Contains($"<b>Test {PublicClient}</b>", page, StringComparison.Ordinal);
        using var refreshed = await RefreshAsync(app.Browser(), refreshToken, ConfidentialClient, ConfidentialSecret);
        Assert.Equal("invalid_grant", (await JsonAsync(refreshed)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Account/Manage/Sessions", Cancel)).StatusCode); // still signed in here

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), Cancel);
        var logout = await db.BackChannelLogouts.AsNoTracking().SingleAsync(l => l.UserId == user.Id, Cancel);
        Assert.Equal(ConfidentialClient, logout.ClientId);
        var audit = await db.SecurityEvents.AsNoTracking().SingleAsync(e => e.TargetUserId == user.Id && e.Type == SecurityEventType.ApplicationAccessRevoked, Cancel);
        Assert.Equal(user.NormalizedUserName, audit.Actor.ToUpperInvariant());
        Assert.False(await scope.ServiceProvider.GetRequiredService<UserApplications>().RevokeAsync(user.Id, ConfidentialClient, "again", null, Cancel));
    }

    [Fact]
    public async Task Revoking_an_application_that_holds_no_access_changes_nothing()
    {
        var (browser, _, _) = await app.SignedInAsync("openid email");
        var bystander = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await bystander.LoginAsync(await app.CreateUserAsync(), TestPasswords.Good)).StatusCode);

        using var revoke = await browser.PostFormAsync("/Account/Manage/Applications", "applications", [new("ClientId", ConfidentialClient)]);
        var page = await browser.GetStringAsync(LocationOf(browser, revoke), Cancel);

        Assert.Contains("That application has no access to your account.", page, StringComparison.Ordinal);
        Assert.Contains($"<b>Test {PublicClient}</b>", page, StringComparison.Ordinal);
        Assert.Contains("No application has access to your account.", await bystander.GetStringAsync("/Account/Manage/Applications", Cancel), StringComparison.Ordinal);
    }
}
