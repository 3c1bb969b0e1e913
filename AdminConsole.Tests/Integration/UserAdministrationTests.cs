using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Mail;
using AdminConsole.Core.Users;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// The users page's service and API: invitations by mail, disabling (every entry point refused, sessions ended),
/// console roles, a reason and an audit event for every action, the last SecurityAdmin kept, invitations limited.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed partial class UserAdministrationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<ConsoleActor> NewAdminAsync() =>
        new(await app.CreateUserAsync(role: AppRoles.SecurityAdmin), IsAdmin: true, "198.51.100.7");

    private async Task<AdminResult> WithUsers(Func<UserAdminService, Task<AdminResult>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserAdminService>());
    }

    private Task<List<SecurityEvent>> EventsAboutAsync(string email) =>
        app.WithDbAsync(db => db.SecurityEvents.Where(e => e.TargetUserName == email.ToUpperInvariant()).OrderBy(e => e.Id).ToListAsync());

    private static string NewEmail() => $"invited-{Guid.NewGuid():N}@example.com";

    [GeneratedRegex("https://console\\.example\\.test/Account/ResetPassword\\?code=[A-Za-z0-9_-]+")]
    private static partial Regex SetPasswordLink();

    [Fact]
    public async Task An_invitation_mails_a_set_password_link_that_lets_the_new_user_sign_in()
    {
        var admin = await NewAdminAsync();
        var email = NewEmail();

        var invited = await WithUsers(u => u.InviteAsync(email, AppRoles.SecurityViewer, "new analyst", admin, Cancel));

        Assert.True(invited.Succeeded, invited.Message);
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        Assert.Null(user.PasswordHash);
        var mail = await app.WithDbAsync(db => db.OutboxMails.SingleAsync(m => m.To == email && m.Kind == AccountMailKind.Invitation));
        var link = SetPasswordLink().Match(mail.TextBody).Value;
        Assert.NotEmpty(link);

        var client = app.AllowListedClient();
        var path = new Uri(link).PathAndQuery;
        using var set = await client.PostFormAsync(path, "reset-password",
        [
            new("Input.Email", email), new("Input.Password", "a passphrase the new user chose"), new("Input.ConfirmPassword", "a passphrase the new user chose"),
            new("Input.Code", AccountCodeFrom(link)),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        using var login = await app.AllowListedClient().LoginAsync(email, "a passphrase the new user chose");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        var audit = Assert.Single(await EventsAboutAsync(email), e => e.Type == SecurityEventType.UserInvited);
        Assert.Equal((admin.Name, "new analyst", admin.Address), (audit.Actor, audit.Reason, audit.Address));
        Assert.Contains(AppRoles.SecurityViewer, audit.Details);
        var roles = await app.WithDbAsync(db => db.UserRoles.CountAsync(ur => ur.UserId == user.Id));
        Assert.Equal(1, roles);
    }

    private static string AccountCodeFrom(string link)
    {
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link).Query)["code"].ToString();
        Assert.True(AccountCode.TryDecode(code, out var token));
        return token;
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_by_form_api_or_token_refresh_and_its_sessions_end_at_once()
    {
        var admin = await NewAdminAsync();
        var email = await app.CreateUserAsync();
        var browser = app.AllowListedClient();
        Assert.Equal(HttpStatusCode.OK, (await browser.LoginAsync(email, TestPasswords.Good)).StatusCode);
        using var tokenResponse = await app.AllowListedClient().PostAsJsonAsync("/api/account/token", new { email, password = TestPasswords.Good }, Cancel);
        var pair = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync(Cancel)).RootElement;
        var refresh = pair.GetProperty("refreshToken").GetString();
        var access = pair.GetProperty("accessToken").GetString();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/account/sessions", Cancel)).StatusCode);

        var disabled = await WithUsers(u => u.DisableAsync(email, "left the company", admin, Cancel));

        Assert.True(disabled.Succeeded, disabled.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/account/sessions", Cancel)).StatusCode);
        var bearer = app.AllowListedClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/account/me", Cancel)).StatusCode);
        using var refreshed = await app.AllowListedClient().PostAsJsonAsync("/api/account/token/refresh", new { refreshToken = refresh }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);
        using var api = await app.AllowListedClient().LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        using var token = await app.AllowListedClient().PostAsJsonAsync("/api/account/token", new { email, password = TestPasswords.Good }, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
        using var form = await app.AllowListedClient().PostFormAsync("/Account/Login", "login",
            $"Input.Email={Uri.EscapeDataString(email)}&Input.Password={Uri.EscapeDataString(TestPasswords.Good)}");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains(SignInMessages.NotAllowed, await form.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(0, await app.WithDbAsync(db => db.UserSessions.CountAsync(s => s.UserId == db.Users.Single(u => u.Email == email).Id && s.EndedAt == null)));

        var enabled = await WithUsers(u => u.EnableAsync(email, "came back", admin, Cancel));
        Assert.True(enabled.Succeeded, enabled.Message);
        using var again = await app.AllowListedClient().LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(
            [SecurityEventType.UserDisabled, SecurityEventType.UserEnabled],
            (await EventsAboutAsync(email)).Where(e => e.Actor == admin.Name).Select(e => e.Type));
    }

    [Fact]
    public async Task The_last_enabled_security_admin_can_neither_be_disabled_nor_lose_the_role()
    {
        var admin = await NewAdminAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Email != admin.Name).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true)));
        try
        {
            var disable = await WithUsers(u => u.DisableAsync(admin.Name, "leaving", admin, Cancel));
            var demote = await WithUsers(u => u.RemoveRoleAsync(admin.Name, AppRoles.SecurityAdmin, "leaving", admin, Cancel));

            Assert.Equal((AdminOutcome.Invalid, UserAdminService.LastAdminMessage), (disable.Outcome, disable.Message));
            Assert.Equal((AdminOutcome.Invalid, UserAdminService.LastAdminMessage), (demote.Outcome, demote.Message));
            var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == admin.Name));
            Assert.False(user.IsDisabled);
            Assert.Equal(1, await app.WithDbAsync(db => db.UserRoles.CountAsync(ur => ur.UserId == user.Id)));
            Assert.DoesNotContain(await EventsAboutAsync(admin.Name), e => e.Type is SecurityEventType.UserDisabled or SecurityEventType.RoleRemoved);

            var second = await NewAdminAsync();
            var demoteWithAnother = await WithUsers(u => u.RemoveRoleAsync(admin.Name, AppRoles.SecurityAdmin, "handing over", admin, Cancel));
            Assert.True(demoteWithAnother.Succeeded, demoteWithAnother.Message);
            Assert.Equal(AdminOutcome.Forbidden, (await WithUsers(u => u.InviteAsync(NewEmail(), null, "no longer admin", admin, Cancel))).Outcome);
            Assert.True((await WithUsers(u => u.InviteAsync(NewEmail(), null, "still admin", second, Cancel))).Succeeded);
        }
        finally
        {
            await app.WithDbAsync(db => db.Users.ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, false)));
        }
    }

    [Fact]
    public async Task Invitations_are_limited_to_10_an_hour_per_admin()
    {
        var admin = await NewAdminAsync();
        var other = await NewAdminAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await WithUsers(u => u.InviteAsync(NewEmail(), null, "team onboarding", admin, Cancel))).Succeeded);
        }

        var eleventh = await WithUsers(u => u.InviteAsync(NewEmail(), null, "team onboarding", admin, Cancel));
        var byOther = await WithUsers(u => u.InviteAsync(NewEmail(), null, "team onboarding", other, Cancel));
        app.Time.Advance(TimeSpan.FromHours(1));
        var nextHour = await WithUsers(u => u.InviteAsync(NewEmail(), null, "team onboarding", admin, Cancel));

        Assert.Equal(AdminOutcome.RateLimited, eleventh.Outcome);
        Assert.Contains("RateLimits:AdminUserCreation", eleventh.Message);
        Assert.True(byOther.Succeeded);
        Assert.True(nextHour.Succeeded);
    }

    [Fact]
    public async Task Invitations_sent_at_the_same_instant_never_pass_the_limit_or_create_one_address_twice()
    {
        var admin = await NewAdminAsync();
        var same = NewEmail();
        var racing = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => WithUsers(u => u.InviteAsync(same, null, "team onboarding", admin, Cancel)))));

        Assert.Equal(1, racing.Count(r => r.Succeeded));
        Assert.All(racing.Where(r => !r.Succeeded), r => Assert.Equal("An account with this email address exists already.", r.Message));

        var burst = await Task.WhenAll(Enumerable.Range(0, 14).Select(_ => Task.Run(() => WithUsers(u => u.InviteAsync(NewEmail(), null, "team onboarding", admin, Cancel)))));

        Assert.Equal(9, burst.Count(r => r.Succeeded)); // ten an hour, one of them the invitation above
        Assert.All(burst.Where(r => !r.Succeeded), r => Assert.Equal(AdminOutcome.RateLimited, r.Outcome));
        Assert.Equal(10, await app.WithDbAsync(db => db.SecurityEvents.CountAsync(e => e.Type == SecurityEventType.UserInvited && e.Actor == admin.Name)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Every_action_needs_a_reason_and_changes_nothing_without_one(string reason)
    {
        var admin = await NewAdminAsync();
        var email = await app.CreateUserAsync();
        var invitee = NewEmail();
        var events = await app.WithDbAsync(db => db.SecurityEvents.CountAsync());

        var results = new[]
        {
            await WithUsers(u => u.InviteAsync(invitee, null, reason, admin, Cancel)),
            await WithUsers(u => u.DisableAsync(email, reason, admin, Cancel)),
            await WithUsers(u => u.EnableAsync(email, reason, admin, Cancel)),
            await WithUsers(u => u.GrantRoleAsync(email, AppRoles.SecurityViewer, reason, admin, Cancel)),
            await WithUsers(u => u.RemoveRoleAsync(email, AppRoles.SecurityViewer, reason, admin, Cancel)),
        };

        Assert.All(results, r => Assert.Equal(AdminOutcome.Invalid, r.Outcome));
        Assert.All(results, r => Assert.Contains("reason", r.Message));
        Assert.Equal(events, await app.WithDbAsync(db => db.SecurityEvents.CountAsync()));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == invitee)));
    }

    [Fact]
    public async Task Roles_are_granted_and_removed_with_an_audit_event_each_and_apply_at_once()
    {
        var admin = await NewAdminAsync();
        var email = await app.CreateUserAsync();
        var client = app.AllowListedClient();
        await client.LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/stats", Cancel)).StatusCode);

        var granted = await WithUsers(u => u.GrantRoleAsync(email, AppRoles.SecurityViewer, "joins the on-call rota", admin, Cancel));
        var again = await WithUsers(u => u.GrantRoleAsync(email, AppRoles.SecurityViewer, "joins the on-call rota", admin, Cancel));
        var unknown = await WithUsers(u => u.GrantRoleAsync(email, "Root", "typo", admin, Cancel));
        var viewerClient = app.AllowListedClient();
        await viewerClient.LoginAsync(email, TestPasswords.Good);
        var read = await viewerClient.GetAsync("/api/admin/stats", Cancel);
        var removed = await WithUsers(u => u.RemoveRoleAsync(email, AppRoles.SecurityViewer, "left the rota", admin, Cancel));

        Assert.True(granted.Succeeded, granted.Message);
        Assert.Equal(AdminOutcome.NoChange, again.Outcome);
        Assert.Equal(AdminOutcome.Invalid, unknown.Outcome);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(removed.Succeeded, removed.Message);
        var events = (await EventsAboutAsync(email)).Where(e => e.Actor == admin.Name).ToList();
        Assert.Equal([SecurityEventType.RoleGranted, SecurityEventType.RoleRemoved], events.Select(e => e.Type));
        Assert.Equal(["joins the on-call rota", "left the rota"], events.Select(e => e.Reason));
    }

    [Fact]
    public async Task A_role_change_tells_open_consoles_to_check_their_user_once_it_is_committed()
    {
        var admin = await NewAdminAsync();
        var email = await app.CreateUserAsync();
        var signal = app.Services.GetRequiredService<AdminConsole.Core.Sessions.SessionSignal>();
        var committedWhenHeard = new List<bool>();
        void Listen()
        {
            // what an open console reads when it hears: the role must already be there
            using var scope = app.Services.CreateScope();
            var roles = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = roles.FindByEmailAsync(email).GetAwaiter().GetResult()!;
            lock (committedWhenHeard)
            {
                committedWhenHeard.Add(roles.IsInRoleAsync(user, AppRoles.SecurityViewer).GetAwaiter().GetResult());
            }
        }

        signal.Ended += Listen;
        try
        {
            Assert.True((await WithUsers(u => u.GrantRoleAsync(email, AppRoles.SecurityViewer, "joins the on-call rota", admin, Cancel))).Succeeded);
            Assert.Equal(AdminOutcome.NoChange, (await WithUsers(u => u.GrantRoleAsync(email, AppRoles.SecurityViewer, "again", admin, Cancel))).Outcome);
        }
        finally
        {
            signal.Ended -= Listen;
        }

        Assert.Equal([true], committedWhenHeard); // once, for the change that happened, after its commit
    }

    [Fact]
    public async Task The_api_invites_disables_and_grants_for_admins_and_answers_403_to_viewers()
    {
        var adminEmail = await app.CreateUserAsync(role: AppRoles.SecurityAdmin);
        var admin = app.AllowListedClient();
        await admin.LoginAsync(adminEmail, TestPasswords.Good);
        var viewerEmail = await app.CreateUserAsync(role: AppRoles.SecurityViewer);
        var viewer = app.AllowListedClient();
        await viewer.LoginAsync(viewerEmail, TestPasswords.Good);
        var email = NewEmail();

        using var invited = await admin.PostAsJsonAsync("/api/admin/users", new { email, role = AppRoles.SecurityViewer, reason = "new analyst" }, Cancel);
        using var noReason = await admin.PostAsJsonAsync("/api/admin/users", new { email = NewEmail() }, Cancel);
        using var duplicate = await admin.PostAsJsonAsync("/api/admin/users", new { email, reason = "again" }, Cancel);
        using var byViewer = await viewer.PostAsJsonAsync("/api/admin/users", new { email = NewEmail(), reason = "x" }, Cancel);
        using var disabledByViewer = await viewer.PostAsJsonAsync($"/api/admin/users/{email}/disable", new { reason = "x" }, Cancel);
        using var granted = await admin.PostAsJsonAsync($"/api/admin/users/{email}/roles/{AppRoles.SecurityAdmin}", new { reason = "promoted" }, Cancel);
        using var disabled = await admin.PostAsJsonAsync($"/api/admin/users/{email}/disable", new { reason = "on leave" }, Cancel);
        using var removed = await admin.DeleteAsync($"/api/admin/users/{email}/roles/{AppRoles.SecurityAdmin}?reason=back%20to%20viewer", Cancel);
        var list = await viewer.GetFromJsonAsync<JsonElement>($"/api/admin/users?search={Uri.EscapeDataString(email)}", Cancel);

        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        Assert.True(invited.Headers.Contains("RateLimit-Limit"));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, disabledByViewer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var row = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.True(row.GetProperty("isDisabled").GetBoolean());
        Assert.False(row.GetProperty("passwordSet").GetBoolean());
        Assert.Equal([AppRoles.SecurityViewer], row.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }
}
