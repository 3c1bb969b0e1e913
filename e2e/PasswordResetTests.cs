using System.Text.RegularExpressions;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>Self-service unlock: the lock mail leads to a reset mail, whose link sets a new password and signs in.</summary>
[Collection(AppCollection.Name)]
public sealed partial class PasswordResetTests(AppHost app) : BrowserTest(app)
{
    private const string NewPassword = "a fresh passphrase after the lock";

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();

    private static string LinkIn(MimeMessage mail) => Url().Match(mail.TextBody ?? "").Value;

    [Fact]
    public async Task A_locked_out_user_follows_the_mails_to_a_new_password_and_is_signed_in()
    {
        var page = await Host.NewPageAsync(forwardedFor: "203.0.113.31");
        var login = new LoginPage(page);
        await login.GotoAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await login.SignInAsync(AppHost.ResetEmail, $"not the right passphrase {attempt}");
        }

        await Expect(login.Alert).ToContainTextAsync("Too many failed attempts: try again in");

        // the lock mail, read from the SMTP server, links to "forgot password" under App:PublicBaseUrl
        var lockMail = Assert.Single(await Host.Smtp.WaitForAsync(AppHost.ResetEmail));
        Assert.Equal("Your account is locked after failed sign-ins", lockMail.Subject);
        Assert.Equal($"{Host.BaseUrl}/Account/ForgotPassword", LinkIn(lockMail));
        await page.GotoAsync(LinkIn(lockMail));
        await page.GetByLabel("Email").FillAsync(AppHost.ResetEmail);
        await AppHost.ScreenshotAsync(page, "forgot-password-filled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();
        await Expect(page.GetByText("we have sent it a link to choose a new password")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "forgot-password-confirmation");

        var resetMail = (await Host.Smtp.WaitForAsync(AppHost.ResetEmail, count: 2)).Single(m => m.Subject == "Reset your password");
        var resetLink = LinkIn(resetMail);
        Assert.StartsWith($"{Host.BaseUrl}/Account/ResetPassword?code=", resetLink);
        Assert.Contains(resetLink.Replace("&", "&amp;", StringComparison.Ordinal), resetMail.HtmlBody);
        await page.GotoAsync(resetLink);
        await page.GetByLabel("Email").FillAsync(AppHost.ResetEmail);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("Confirm new password").FillAsync(NewPassword);
        await AppHost.ScreenshotAsync(page, "reset-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/Account/Manage$"));
        await Expect(page.GetByText("Your password was changed and you are signed in.")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "reset-password-signed-in");
    }

    [Fact]
    public async Task The_other_changed_account_pages_look_finished()
    {
        var page = await Host.NewPageAsync();
        var typed = "someone@example.com";

        await page.GotoAsync($"/Account/RegisterConfirmation?email={Uri.EscapeDataString(typed)}");
        await Expect(page.GetByText("Check your email")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "register-confirmation");

        await page.GotoAsync("/Account/ResendEmailConfirmation");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resend" })).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "resend-email-confirmation");

        await page.GotoAsync("/Account/ResetPassword?code=%25%25not-a-code");
        await Expect(page.GetByText("This reset link does not work")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "invalid-password-reset");

        await page.GotoAsync("/Account/ResetPasswordConfirmation");
        await Expect(page.GetByText("Password changed")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "reset-password-confirmation");

        await page.GotoAsync($"/Account/ConfirmEmail?userId={Guid.NewGuid()}&code=bad");
        await Expect(page.GetByText("This confirmation link is invalid or has expired")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "confirm-email-invalid");

        await page.GotoAsync("/Account/Register");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Register" })).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "register");
    }
}
