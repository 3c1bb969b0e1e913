using System.Text.Json;
using AdminConsole.Core.Accounts;
using AdminConsole.Core.Audit;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// A person's own security log (page and API): their sign-in attempts and the changes to their account, newest
/// first, who made each change, and nothing of anyone else's.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class ActivityTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = app.AllowListedClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36");
        using var response = await client.LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    [Fact]
    public async Task A_person_reads_their_sign_ins_and_account_changes_newest_first_and_who_made_each()
    {
        var email = await app.CreateUserAsync();
        var stranger = await app.CreateUserAsync();
        await app.Client("203.0.113.90").LoginAsync(email, TestPasswords.Wrong);
        await app.Client("203.0.113.91").LoginAsync(stranger, TestPasswords.Wrong);
        var client = await SignedInAsync(email);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<AccountAdminService>()
                .ForgetDevicesAsync(email, null, "routine clean-up", ConsoleActor.CommandLine(), Cancel);
            Assert.True(result.Succeeded, result.Message);
        }

        app.Time.Advance(TimeSpan.FromMinutes(1));
        using (var others = await client.PostAsync("/api/account/sessions/sign-out-others", null, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, others.StatusCode); // nothing to end: no event
        }

        var log = JsonDocument.Parse(await client.GetStringAsync("/api/account/activity", Cancel)).RootElement;
        var items = log.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(
            [
                ("change", "Known devices revoked", "an administrator"),
                ("change", "Sign in after failures", "AdminConsole"),
                ("sign-in", "Signed in", null),
                ("sign-in", "Wrong password", null),
            ],
            items.Select(i => (i.GetProperty("kind").GetString(), i.GetProperty("what").GetString(), i.GetProperty("by").GetString())));
        Assert.Equal("203.0.113.90", items[3].GetProperty("address").GetString());
        Assert.Equal("Chrome 131 on Linux", items[2].GetProperty("device").GetString());
        Assert.False(log.GetProperty("hasMore").GetBoolean());
        Assert.DoesNotContain("routine clean-up", log.GetRawText(), StringComparison.Ordinal); // admins' reasons stay in the audit log
        Assert.DoesNotContain("203.0.113.91", log.GetRawText(), StringComparison.Ordinal);

        var page = await client.GetStringAsync("/Account/Manage/Activity", Cancel);
        Assert.Contains("Known devices revoked", page, StringComparison.Ordinal);
        Assert.Contains("203.0.113.90", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_to_the_accounts_own_secrets_are_security_events_by_its_owner()
    {
        var email = await app.CreateUserAsync();
        var client = await SignedInAsync(email);
        var key = await app.EnrolAuthenticatorAsync(email); // no request behind it: by the system

        const string next = "a brand new passphrase for this account";
        using var changed = await client.PostFormAsync("/Account/Manage/ChangePassword", "change-password",
            [new("Input.OldPassword", TestPasswords.Good), new("Input.NewPassword", next), new("Input.ConfirmPassword", next)]);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        using var codes = await client.PostFormAsync("/Account/Manage/GenerateRecoveryCodes", "generate-recovery-codes", []);
        using var disabled = await client.PostFormAsync("/Account/Manage/Disable2fa", "disable-2fa", []);

        var events = await app.WithDbAsync(db => db.SecurityEvents.AsNoTracking()
            .Where(e => e.TargetUserName == email.ToUpperInvariant()).OrderBy(e => e.Id).Select(e => new { e.Type, e.Actor, e.Severity }).ToListAsync(Cancel));
        Assert.Contains(events, e => e.Type == SecurityEventType.TwoFactorEnabled && e.Actor == SecurityEvent.SystemActor);
        Assert.Contains(events, e => e.Type == SecurityEventType.PasswordChanged && e.Actor == email);
        Assert.Contains(events, e => e.Type == SecurityEventType.RecoveryCodesGenerated && e.Actor == email);
        Assert.Contains(events, e => e.Type == SecurityEventType.TwoFactorDisabled && e.Actor == email && e.Severity == SecurityEventSeverity.Warning);
        Assert.NotNull(key);

        var log = await client.GetStringAsync("/Account/Manage/Activity", Cancel);
        Assert.Contains("Password changed", log, StringComparison.Ordinal);
        Assert.Contains("Two factor disabled", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_is_paged_and_refuses_a_bad_page_and_strangers()
    {
        var email = await app.CreateUserAsync();
        var client = await SignedInAsync(email);
        await app.WithDbAsync(async db =>
        {
            var id = (await db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), Cancel)).Id;
            for (var i = 0; i < AccountActivity.PageSize + 5; i++)
            {
                db.LoginAttempts.Add(new AdminConsole.Core.Attempts.LoginAttempt
                {
                    At = app.Time.GetUtcNow().AddMinutes(-i - 1), UserName = email.ToUpperInvariant(), UserId = id, Address = "203.0.113.92",
                    Outcome = AdminConsole.Core.Attempts.LoginOutcome.WrongPassword,
                });
            }

            await db.SaveChangesAsync(Cancel);
            return 0;
        });

        var first = JsonDocument.Parse(await client.GetStringAsync("/api/account/activity", Cancel)).RootElement;
        var second = JsonDocument.Parse(await client.GetStringAsync("/api/account/activity?page=1", Cancel)).RootElement;

        Assert.Equal(AccountActivity.PageSize, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal(6, second.GetProperty("items").GetArrayLength()); // 55 failures and the sign-in
        Assert.False(second.GetProperty("hasMore").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/account/activity?page=-1", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().GetAsync("/api/account/activity", Cancel)).StatusCode);
        Assert.Contains("Older", await client.GetStringAsync("/Account/Manage/Activity", Cancel), StringComparison.Ordinal);
    }
}
