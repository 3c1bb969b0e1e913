using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

[Collection(AppCollection.Name)]
public sealed class SessionTests(AppHost app) : BrowserTest(app)
{
    private async Task<IPage> SignedInAsync(string forwardedFor, int width = 1280, int height = 800)
    {
        var page = await Host.NewPageAsync(width, height, forwardedFor: forwardedFor);
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(AppHost.SessionsEmail, AppHost.SessionsPassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage"));
        return page;
    }

    [Fact]
    public async Task A_user_ends_another_browsers_session_and_that_browser_is_signed_out_at_its_next_click()
    {
        var laptop = await SignedInAsync("203.0.113.41");
        var phone = await SignedInAsync("203.0.113.42", 390, 844);

        await laptop.GotoAsync("/Account/Manage/Sessions");
        var table = laptop.GetByTestId("sessions");
        await Expect(table.GetByTestId("current-session")).ToContainTextAsync("This device");
        await Expect(table.GetByTestId("current-session")).ToContainTextAsync("203.0.113.41");
        var other = table.GetByTestId("session").Filter(new() { HasText = "203.0.113.42" });
        await Expect(other).ToHaveCountAsync(1);
        await AppHost.ScreenshotAsync(laptop, "account-sessions");

        await other.GetByRole(AriaRole.Button, new() { Name = "End the session" }).ClickAsync();
        await Expect(laptop.GetByRole(AriaRole.Alert)).ToContainTextAsync("The session has ended.");
        await Expect(table.GetByTestId("session").Filter(new() { HasText = "203.0.113.42" })).ToHaveCountAsync(0);
        await AppHost.ScreenshotAsync(laptop, "account-sessions-ended");

        await phone.GotoAsync("/Account/Manage/Email");
        await Expect(phone).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        await laptop.GotoAsync("/Account/Manage/Email");
        await Expect(laptop).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage/Email"));
    }

    [Fact]
    public async Task An_admin_sees_the_accounts_sessions_and_ends_one()
    {
        var browser = await SignedInAsync("203.0.113.43");
        var admin = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(admin, "/admin/accounts/" + Uri.EscapeDataString(AppHost.SessionsEmail));

        var sessions = admin.GetByTestId("account-sessions");
        await Expect(sessions).ToContainTextAsync("203.0.113.43");
        await AppHost.ScreenshotAsync(admin, "console-account-sessions");
        await sessions.Locator("tr", new() { HasText = "203.0.113.43" }).GetByRole(AriaRole.Button, new() { Name = "End the session" }).ClickAsync();
        await admin.GetByLabel("Reason").FillAsync("Not a device the user knows");
        await admin.GetByRole(AriaRole.Button, new() { Name = "End session" }).ClickAsync();
        await Expect(admin.GetByText("has ended")).ToBeVisibleAsync();

        await browser.GotoAsync("/Account/Manage/Email");
        await Expect(browser).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
    }
}
