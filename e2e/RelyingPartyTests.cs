using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>
/// A real relying party (<see cref="RelyingParty"/>: ASP.NET Core's OpenID Connect handler on its own loopback
/// port) signs a user in through AdminConsole's sign-in page in Chromium; an admin locks the user in the console; the
/// back-channel logout reaches the relying party, which ends its own session and asks for sign-in again.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RelyingPartyTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task An_application_signs_a_user_in_through_the_console_and_an_admin_lock_signs_the_user_out_there()
    {
        var page = await Host.NewPageAsync(forwardedFor: "203.0.113.63");
        await page.GotoAsync(Host.RelyingParty.BaseUrl + "/");
        var login = new LoginPage(page);
        await Expect(login.Submit).ToBeVisibleAsync(); // AdminConsole's own sign-in page, for the application
        await login.SignInAsync(AppHost.RelyingPartyEmail, AppHost.RelyingPartyPassword);
        await Expect(page.GetByTestId("rp-user")).ToContainTextAsync(AppHost.RelyingPartyEmail);
        await AppHost.ScreenshotAsync(page, "relying-party-signed-in");

        // the user sees where the session signed in to
        await page.GotoAsync("/Account/Manage/Sessions");
        await Expect(page.GetByTestId("current-session").GetByTestId("session-applications")).ToHaveTextAsync("Signed in to e2e relying party");
        await AppHost.ScreenshotAsync(page, "account-sessions-applications");
        await page.GotoAsync("/Account/Manage/Applications");
        await Expect(page.GetByTestId("application")).ToContainTextAsync("e2e relying party");
        await Expect(page.GetByTestId("application")).ToContainTextAsync("who you are, your email, your name");
        await AppHost.ScreenshotAsync(page, "account-apps-with-access");
        await page.GotoAsync("/Account/Manage/Activity");
        await Expect(page.GetByTestId("activity-item").First).ToContainTextAsync("Signed in");
        await AppHost.ScreenshotAsync(page, "account-activity");

        var admin = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(admin, "/admin/accounts/" + Uri.EscapeDataString(AppHost.RelyingPartyEmail));
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Actions for {AppHost.RelyingPartyEmail}" }).First.ClickAsync();
        await admin.GetByRole(AriaRole.Menuitem, new() { Name = "Lock…" }).ClickAsync();
        await admin.GetByRole(AriaRole.Dialog).GetByLabel("Reason").FillAsync("Suspicious sign-ins");
        await AppHost.ScreenshotAsync(admin, "relying-party-lock-dialog");
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(admin.GetByTestId("account-state-chip").First).ToContainTextAsync("Locked");

        // The logout token arrives through the outbox within seconds; the relying party's cookie is then refused.
        await Host.RelyingParty.FirstLogout.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        await page.GotoAsync(Host.RelyingParty.BaseUrl + "/");
        await Expect(login.Submit).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        await AppHost.ScreenshotAsync(page, "relying-party-signed-out");
    }
}
