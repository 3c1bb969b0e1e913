using AdminConsole.Core.Mail;
using MimeKit;

namespace AdminConsole.Tests.Integration;

/// <summary>Mail through the outbox to a real SMTP server on loopback, including an outage of that server.</summary>
public sealed class MailDeliveryTests(MailAppFactory app) : IClassFixture<MailAppFactory>
{
    private Task<List<OutboxMail>> OutboxFor(string email) =>
        app.WithDbAsync(db => db.OutboxMails.Where(m => m.To == email).ToListAsync(TestContext.Current.CancellationToken));

    [Fact]
    public async Task A_lockout_sends_the_user_exactly_one_mail_with_the_right_content()
    {
        var user = await app.CreateUserAsync();
        var client = app.Client("203.0.113.77");

        using var locked = await client.FailTimesAsync(user, 5);
        using var again = await client.FailTimesAsync(user, 2);

        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        var mail = Assert.Single(await app.Smtp.WaitForAsync(user));
        Assert.Equal("Your account is locked after failed sign-ins", mail.Subject);
        var until = app.Time.GetUtcNow().AddMinutes(15);
        Assert.Contains($"locked until {until:yyyy-MM-dd HH:mm} UTC (tier 1) after 5 failed sign-ins", mail.TextBody);
        Assert.Contains("The last attempt came from 203.0.113.77", mail.TextBody);
        Assert.Contains("/Account/ForgotPassword", mail.TextBody);
        Assert.Contains("/Account/ForgotPassword", mail.HtmlBody);
        Assert.Equal("security@adminconsole.local", ((MailboxAddress)mail.From[0]).Address);
        var row = await WaitForOutboxAsync(user, m => m.SentAt is not null, moveClock: false);
        Assert.Equal((1, (string?)null), (row.Attempts, row.LastError));
        Assert.Single(await OutboxFor(user));
    }

    [Fact]
    public async Task An_admin_unlock_mails_the_owner_with_the_right_content()
    {
        var user = await app.CreateUserAsync();
        using var locked = await app.Client("203.0.113.79").FailTimesAsync(user, 5);
        var admin = app.AllowListedClient();
        using var signedIn = await admin.LoginAsync(await app.CreateUserAsync(role: AppRoles.SecurityAdmin), TestPasswords.Good);

        using var unlocked = await admin.PostAsJsonAsync($"/api/admin/accounts/{user}/unlock", new { reason = "owner verified by phone" }, TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Locked, HttpStatusCode.OK, HttpStatusCode.OK), (locked.StatusCode, signedIn.StatusCode, unlocked.StatusCode));
        var mail = Assert.Single(await app.Smtp.WaitForAsync(user, 2), m => m.Subject == "Your account was unlocked");
        Assert.Contains("An administrator unlocked your account; you can sign in again.", mail.TextBody);
        Assert.Contains("If you did not ask for this, reset your password.", mail.TextBody);
        Assert.Contains($"{AppFactory.PublicBaseUrl}Account/ForgotPassword", mail.TextBody);
        Assert.Contains($"{AppFactory.PublicBaseUrl}Account/ForgotPassword", mail.HtmlBody);
    }

    /// <summary>OWASP ASVS 6.3.5: the owner hears of a successful sign-in that followed failed ones.</summary>
    [Fact]
    public async Task A_sign_in_after_failures_mails_the_owner_with_the_count_and_where_from()
    {
        var user = await app.CreateUserAsync();
        var client = app.Client("203.0.113.81");

        using var failed = await client.FailTimesAsync(user, 2);
        using var signedIn = await client.LoginAsync(user, TestPasswords.Good);

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var mail = Assert.Single(await app.Smtp.WaitForAsync(user));
        Assert.Equal("New sign-in to your account after failed attempts", mail.Subject);
        Assert.Contains("from 203.0.113.81", mail.TextBody);
        Assert.Contains("after 2 failed attempts", mail.TextBody);
        Assert.Contains($"{AppFactory.PublicBaseUrl}Account/Manage/ChangePassword", mail.TextBody);
    }

    [Fact]
    public async Task With_the_server_down_the_mail_waits_in_the_outbox_and_goes_out_when_it_is_back()
    {
        var user = await app.CreateUserAsync();
        var client = app.Client("203.0.113.78");
        app.Smtp.Stop();
        try
        {
            using var locked = await client.FailTimesAsync(user, 5);
            Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);

            var failed = await WaitForOutboxAsync(user, m => m.Attempts >= 1);
            Assert.Null(failed.SentAt);
            Assert.NotNull(failed.LastError);
            Assert.DoesNotContain(app.Smtp.Messages(), m => m.To.Mailboxes.Any(a => a.Address == user));

            // sign-ins do not wait for the mail server: the next attempt is answered while it is still down
            using var stillLocked = await client.LoginAsync(user, TestPasswords.Good);
            Assert.Equal(HttpStatusCode.Locked, stillLocked.StatusCode);
        }
        finally
        {
            await app.Smtp.StartAsync();
        }

        app.Time.Advance(TimeSpan.FromMinutes(1));
        var sent = await WaitForOutboxAsync(user, m => m.SentAt is not null);
        Assert.True(sent.Attempts >= 2);
        Assert.Null(sent.LastError);
        Assert.Single(await app.Smtp.WaitForAsync(user));
    }

    private async Task<OutboxMail> WaitForOutboxAsync(string email, Func<OutboxMail, bool> condition, bool moveClock = true)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var row = (await OutboxFor(email)).SingleOrDefault();
            if (row is not null && condition(row))
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The outbox row for {email} did not reach the expected state: {row?.Attempts} attempts, error {row?.LastError}.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
            if (!moveClock || (row is not null && row.NextAttemptAt <= app.Time.GetUtcNow()))
            {
                continue;
            }

            // the sender polls on the (fake) clock: move it to the next try
            app.Time.Advance(TimeSpan.FromSeconds(10));
        }
    }
}
