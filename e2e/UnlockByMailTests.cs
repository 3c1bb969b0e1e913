using System.Text.RegularExpressions;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>Self-service unlock by mail: from the sign-in page's lock message to the mailed link's button, then sign in.</summary>
[Collection(AppCollection.Name)]
public sealed partial class UnlockByMailTests(AppHost app) : BrowserTest(app)
{
    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();

    private static string LinkIn(MimeMessage mail) => Url().Match(mail.TextBody ?? "").Value;

    [Fact]
    public async Task A_locked_out_user_asks_for_an_unlock_link_presses_its_button_and_signs_in()
    {
        var page = await Host.NewPageAsync(forwardedFor: "203.0.113.51");
        var login = new LoginPage(page);
        await login.GotoAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await login.SignInAsync(AppHost.MailUnlockEmail, $"not the right passphrase {attempt}");
        }

        await Expect(login.Alert).ToContainTextAsync("Too many failed attempts: try again in");
        await AppHost.ScreenshotAsync(page, "login-locked-unlock-link");
        await page.GetByRole(AriaRole.Link, new() { Name = "Send me an unlock link" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Account/RequestUnlock$"));
        // The link is followed by enhanced navigation: fill the field once the new page's content is in, not before.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unlock your account" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(AppHost.MailUnlockEmail);
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync(AppHost.MailUnlockEmail);
        await AppHost.ScreenshotAsync(page, "request-unlock");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send unlock link" }).ClickAsync();
        await Expect(page.GetByText("we have sent it an unlock link")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "unlock-link-sent");

        // the lock mail and the unlock mail, read from the SMTP server
        var mails = await Host.Smtp.WaitForAsync(AppHost.MailUnlockEmail, count: 2);
        Assert.Contains(mails, m => m.Subject == "Your account is locked after failed sign-ins" && (m.TextBody ?? "").Contains("Unlock my account: ", StringComparison.Ordinal));
        var unlockMail = Assert.Single(mails, m => m.Subject == "Unlock your account");
        var link = LinkIn(unlockMail);
        Assert.StartsWith($"{Host.BaseUrl}/Account/Unlock?userId=", link);
        Assert.Contains($"Sign in: {Host.BaseUrl}/Account/Login", unlockMail.TextBody);

        await page.GotoAsync(link);
        var unlock = page.GetByRole(AriaRole.Button, new() { Name = "Unlock my account" });
        await Expect(unlock).ToBeVisibleAsync();
        foreach (var (width, height, scheme, suffix) in new[]
                 {
                     (1280, 800, ColorScheme.Light, ""), (390, 844, ColorScheme.Light, "-phone"),
                     (1280, 800, ColorScheme.Dark, "-dark"), (390, 844, ColorScheme.Dark, "-phone-dark"),
                 })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            await AppHost.ScreenshotAsync(page, "unlock" + suffix);
        }

        await page.SetViewportSizeAsync(1280, 800);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await unlock.ClickAsync();
        await Expect(page.GetByText("The lock is lifted.")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "unlock-done");

        // the link worked once
        var again = await Host.NewPageAsync(width: 390, height: 844, forwardedFor: "203.0.113.52");
        await again.GotoAsync(link);
        await Expect(again.GetByText("This unlock link has expired or was already used. Ask for a new one.")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(again, "unlock-expired-phone");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await login.SignInAsync(AppHost.MailUnlockEmail, AppHost.MailUnlockPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Manage$"));
    }
}
