using System.Text.RegularExpressions;
using AdminConsole.Core.Mail;

namespace AdminConsole.Tests.Integration;

/// <summary>Account mail (confirm, reset, "someone tried to register") goes through the outbox with links under App:PublicBaseUrl.</summary>
public sealed partial class AccountMailTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string NewPassword = "a long and unusual passphrase";

    private static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    private Task<List<OutboxMail>> MailsToAsync(string email) =>
        app.WithDbAsync(db => db.OutboxMails.Where(m => m.To == email).OrderBy(m => m.Id).ToListAsync(TestContext.Current.CancellationToken));

    /// <summary>The link in a mail's text body.</summary>
    public static string LinkIn(OutboxMail mail) => Url().Match(mail.TextBody).Value;

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();

    [Fact]
    public async Task Registering_a_taken_address_makes_no_second_account_and_tells_the_owner()
    {
        var client = app.AllowListedClient();
        var owner = await app.CreateUserAsync();

        using var response = await client.PostFormAsync("/Account/Register", "register",
            [Field("Input.Email", owner), Field("Input.Password", NewPassword), Field("Input.ConfirmPassword", NewPassword)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == owner.ToUpperInvariant(), TestContext.Current.CancellationToken)));
        var mail = Assert.Single(await MailsToAsync(owner));
        Assert.Equal(AccountMailKind.RegistrationAttempt, mail.Kind);
        Assert.Equal("Someone tried to register with your email address", mail.Subject);
        Assert.Contains("no second account was made", mail.TextBody);
        Assert.Equal($"{AppFactory.PublicBaseUrl}Account/ForgotPassword", LinkIn(mail));
        Assert.Contains($"href=\"{AppFactory.PublicBaseUrl}Account/ForgotPassword\"", mail.HtmlBody);

        // the owner's password still works
        using var signIn = await client.LoginAsync(owner, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public async Task Repeated_registrations_of_a_taken_address_mail_its_owner_at_most_three_times_an_hour()
    {
        var client = app.AllowListedClient();
        var owner = await app.CreateUserAsync();

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.PostFormAsync("/Account/Register", "register",
                [Field("Input.Email", owner), Field("Input.Password", NewPassword), Field("Input.ConfirmPassword", NewPassword)]);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        Assert.Equal(3, (await MailsToAsync(owner)).Count(m => m.Kind == AccountMailKind.RegistrationAttempt));
    }

    [Fact]
    public async Task A_link_handed_to_the_mail_sender_from_another_host_is_refused()
    {
        var email = await app.CreateUserAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!;
        var sender = scope.ServiceProvider.GetRequiredService<IEmailSender<AppUser>>();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            sender.SendPasswordResetLinkAsync(user, email, "http://attacker.example/Account/ResetPassword?code=abc"));
        await sender.SendPasswordResetLinkAsync(user, email, $"{AppFactory.PublicBaseUrl}Account/ResetPassword?code=abc&amp;x=1");

        var mail = Assert.Single(await MailsToAsync(email));
        Assert.Equal($"{AppFactory.PublicBaseUrl}Account/ResetPassword?code=abc&x=1", LinkIn(mail));
    }

    [Fact]
    public async Task Registering_a_new_address_mails_a_confirmation_link_that_confirms_it()
    {
        var client = app.AllowListedClient();
        var email = $"new-{Guid.NewGuid():N}@example.com";

        using var response = await client.PostFormAsync("/Account/Register", "register",
            [Field("Input.Email", email), Field("Input.Password", NewPassword), Field("Input.ConfirmPassword", NewPassword)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = Assert.Single(await MailsToAsync(email));
        Assert.Equal(AccountMailKind.ConfirmEmail, mail.Kind);
        var link = LinkIn(mail);
        Assert.StartsWith($"{AppFactory.PublicBaseUrl}Account/ConfirmEmail?userId=", link);
        Assert.Contains(WebUtility.HtmlEncode(link), mail.HtmlBody);

        using var confirm = await client.GetAsync(new Uri(link).PathAndQuery, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("Thank you for confirming your email", await confirm.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.EmailConfirmed).SingleAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task The_reset_link_is_under_the_public_base_url_whatever_the_host_header()
    {
        var client = app.AllowListedClient();
        // A host the app answers (AllowedHosts) that is not App:PublicBaseUrl's; any other host gets 400 (HostHeaderTests).
        client.DefaultRequestHeaders.Host = "127.0.0.1:8443";
        var email = await app.CreateUserAsync();

        using var response = await client.PostFormAsync("/Account/ForgotPassword", "forgot-password", [Field("Input.Email", email)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = Assert.Single(await MailsToAsync(email));
        Assert.Equal((AccountMailKind.PasswordReset, "Reset your password"), (mail.Kind, mail.Subject));
        Assert.StartsWith($"{AppFactory.PublicBaseUrl}Account/ResetPassword?code=", LinkIn(mail));
        Assert.DoesNotContain("127.0.0.1", mail.TextBody + mail.HtmlBody);
    }

    [Fact]
    public async Task The_reset_link_sets_the_new_password_and_signs_in()
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync();
        using var asked = await client.PostFormAsync("/Account/ForgotPassword", "forgot-password", [Field("Input.Email", email)]);
        var link = new Uri(LinkIn(Assert.Single(await MailsToAsync(email)))).PathAndQuery;

        using var reset = await client.PostFormAsync(link, "reset-password",
            [Field("Input.Email", email), Field("Input.Password", NewPassword), Field("Input.ConfirmPassword", NewPassword)]);

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.EndsWith("Account/Manage", reset.Headers.Location?.OriginalString);
        using var manage = await client.GetAsync("/Account/Manage", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, manage.StatusCode);
        Assert.Contains(email, await manage.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var newPassword = await app.AllowListedClient().LoginAsync(email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, newPassword.StatusCode);

        // the link works once
        using var again = await app.AllowListedClient().PostFormAsync(link, "reset-password",
            [Field("Input.Email", email), Field("Input.Password", "yet another long passphrase"), Field("Input.ConfirmPassword", "yet another long passphrase")]);
        Assert.EndsWith("Account/InvalidPasswordReset", again.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_reset_lifts_a_temporary_lock_and_signs_the_owner_in()
    {
        var email = await app.CreateUserAsync();
        using var locked = await app.Client().FailTimesAsync(email, 5);
        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        var lockMail = Assert.Single(await MailsToAsync(email));
        Assert.Equal($"{AppFactory.PublicBaseUrl}Account/ForgotPassword", LinkIn(lockMail));

        var client = app.AllowListedClient();
        using var asked = await client.PostFormAsync("/Account/ForgotPassword", "forgot-password", [Field("Input.Email", email)]);
        var resetMail = (await MailsToAsync(email)).Single(m => m.Kind == AccountMailKind.PasswordReset);
        using var reset = await client.PostFormAsync(new Uri(LinkIn(resetMail)).PathAndQuery, "reset-password",
            [Field("Input.Email", email), Field("Input.Password", NewPassword), Field("Input.ConfirmPassword", NewPassword)]);

        Assert.EndsWith("Account/Manage", reset.Headers.Location?.OriginalString);
        using var manage = await client.GetAsync("/Account/Manage", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, manage.StatusCode);
    }

    [Fact]
    public async Task A_reset_changes_the_password_but_leaves_a_lock_an_administrator_set()
    {
        var email = await app.CreateUserAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = AdminConsole.Core.Audit.ConsoleActor.CommandLine();
            var locked = await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Accounts.AccountAdminService>()
                .LockAsync(email, "investigation", null, admin, TestContext.Current.CancellationToken);
            Assert.True(locked.Succeeded);
        }

        var client = app.AllowListedClient();
        using var asked = await client.PostFormAsync("/Account/ForgotPassword", "forgot-password", [Field("Input.Email", email)]);
        var resetMail = (await MailsToAsync(email)).Single(m => m.Kind == AccountMailKind.PasswordReset);
        using var reset = await client.PostFormAsync(new Uri(LinkIn(resetMail)).PathAndQuery, "reset-password",
            [Field("Input.Email", email), Field("Input.Password", NewPassword), Field("Input.ConfirmPassword", NewPassword)]);

        Assert.EndsWith("Account/ResetPasswordConfirmation", reset.Headers.Location?.OriginalString);
        using var manage = await client.GetAsync("/Account/Manage", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, manage.StatusCode);
        using var signIn = await app.AllowListedClient().LoginAsync(email, NewPassword);
        Assert.Equal(HttpStatusCode.Locked, signIn.StatusCode);
    }

    [Theory]
    [InlineData("%25%25%25")]
    [InlineData("abc")]
    [InlineData("not base64 at all!")]
    [InlineData("")]
    public async Task A_malformed_reset_code_gets_the_invalid_link_page_not_a_server_error(string code)
    {
        var client = app.AllowListedClient();

        using var response = await client.GetAsync($"/Account/ResetPassword?code={code}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("Account/InvalidPasswordReset", response.Headers.Location?.OriginalString);
        using var page = await client.GetAsync(response.Headers.Location, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("This reset link does not work", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_malformed_confirmation_code_is_an_invalid_link_not_a_server_error()
    {
        using var response = await app.AllowListedClient().GetAsync($"/Account/ConfirmEmail?userId={Guid.NewGuid()}&code=%25%25", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This confirmation link is invalid or has expired", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
