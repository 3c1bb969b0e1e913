using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>
/// An open console is a live circuit, not a series of requests: an analyst who keeps the accounts page open must lose
/// it as soon as an admin removes their role or locks them, not at the circuit's next periodic check a minute later.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConsoleCircuitTests(AppHost app) : BrowserTest(app)
{
    // Well under the circuit's one-minute revalidation: only the prompt check on the change can meet it.
    private const float Promptly = 15_000;

    private async Task<IPage> AnalystConsoleAsync(string path = "/admin/accounts")
    {
        var analyst = await Host.NewPageAsync(forwardedFor: "203.0.113.72");
        var login = new LoginPage(analyst);
        await login.GotoAsync();
        await login.SignInWithCodeAsync(AppHost.AnalystEmail, AppHost.AnalystPassword, AppHost.AnalystAuthenticatorKey);
        await Expect(analyst.GetByTestId("console-user")).ToBeVisibleAsync();
        await AppHost.GotoConsoleAsync(analyst, path);
        await Expect(analyst.GetByTestId("signed-in-user")).ToHaveTextAsync(AppHost.AnalystEmail);
        return analyst;
    }

    private static async Task ActOnUserAsync(IPage admin, string action, string reason, bool hasRole = true)
    {
        await AppHost.GotoConsoleAsync(admin, "/admin/users");
        if (!hasRole)
        {
            await admin.GetByText("Console roles and open invitations only").ClickAsync(); // the list shows them by default
        }

        await AppHost.Field(admin, "user-search").FillAsync(AppHost.AnalystEmail);
        await Expect(admin.GetByText("1-1 of 1")).ToBeVisibleAsync();
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = AppHost.AnalystEmail });
        await row.GetByRole(AriaRole.Button, new() { Name = $"Actions for {AppHost.AnalystEmail}" }).ClickAsync();
        await admin.GetByText(action, new() { Exact = true }).ClickAsync();
        await AppHost.Field(admin, "reason").FillAsync(reason);
        await admin.GetByTestId("confirm").ClickAsync();
    }

    private static async Task ExpectSentToSignInAsync(IPage analyst)
    {
        // The circuit's user becomes anonymous, and the console sends the page to the sign-in page.
        await Expect(analyst).ToHaveURLAsync(new Regex("/Account/(Login|AccessDenied)"), new() { Timeout = Promptly });
        await Expect(analyst.GetByTestId("signed-in-user")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Removing_the_role_or_locking_the_account_ends_an_open_console_at_once()
    {
        var admin = await Host.AdminPageAsync();

        var analyst = await AnalystConsoleAsync();
        var dashboard = await AnalystConsoleAsync("/admin"); // static, with live islands: the figures and the bell
        await ActOnUserAsync(admin, "Remove SecurityViewer…", "Moved to another team");
        await Expect(admin.GetByText($"{AppHost.AnalystEmail} is no longer a SecurityViewer.")).ToBeVisibleAsync();
        await ExpectSentToSignInAsync(analyst);
        await ExpectSentToSignInAsync(dashboard);
        await AppHost.ScreenshotAsync(analyst, "console-circuit-ended-by-demotion");

        await ActOnUserAsync(admin, "Make SecurityViewer…", "Back on the on-call rota", hasRole: false);
        await Expect(admin.GetByText($"{AppHost.AnalystEmail} is now a SecurityViewer.")).ToBeVisibleAsync();
        analyst = await AnalystConsoleAsync();

        await AppHost.GotoConsoleAsync(admin, "/admin/accounts/" + Uri.EscapeDataString(AppHost.AnalystEmail));
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Actions for {AppHost.AnalystEmail}" }).First.ClickAsync();
        await admin.GetByRole(AriaRole.Menuitem, new() { Name = "Lock…" }).ClickAsync();
        await admin.GetByRole(AriaRole.Dialog).GetByLabel("Reason").FillAsync("Laptop reported stolen");
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(admin.GetByTestId("account-state-chip").First).ToContainTextAsync("Locked", new() { Timeout = Promptly });
        await ExpectSentToSignInAsync(analyst);
    }
}
