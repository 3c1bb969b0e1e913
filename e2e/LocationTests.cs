using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>Where attempts come from, on the attempts page, a country rule added on the Addresses page, and the report's countries.</summary>
[Collection(AppCollection.Name)]
public sealed class LocationTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task An_attempt_shows_its_country_and_network_and_a_country_gets_a_rule()
    {
        var guest = await Host.NewPageAsync(forwardedFor: TestGeoDatabases.JapanAddress);
        var login = new LoginPage(guest);
        await login.GotoAsync();
        await login.SignInAsync($"e2e-location-{Guid.NewGuid():N}@example.com", "not a real passphrase");
        await Expect(login.Alert).ToContainTextAsync("Sign-in failed");

        var admin = await Host.AdminPageAsync(ConsoleLayout.DesktopWidth, ConsoleLayout.DesktopHeight);
        await AppHost.GotoConsoleAsync(admin, "/admin/attempts");
        await Expect(admin.GetByTestId("attempt-location").Filter(new() { HasText = "Japan (JP), AS64501" }).First).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(admin, "console-attempts-location");

        await AppHost.GotoConsoleAsync(admin, "/admin/addresses");
        await admin.GetByTestId("add-rule").ClickAsync();
        await admin.GetByText("A country").ClickAsync();
        await admin.GetByTestId("rule-country").ClickAsync();
        await admin.GetByText("Iceland (IS)").ClickAsync();
        await AppHost.Field(admin, "rule-reason").FillAsync("No staff in Iceland");
        await AppHost.ScreenshotAsync(admin, "console-add-country-rule");
        await admin.GetByTestId("rule-save").ClickAsync();
        await Expect(admin.GetByText("Deny rule for Iceland (IS) added.")).ToBeVisibleAsync();
        await Expect(admin.GetByTestId("rule-country-name").Filter(new() { HasText = "Iceland" })).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(admin, "console-country-rule");

        await AppHost.GotoConsoleAsync(admin, "/admin/reports");
        await Expect(admin.GetByText("Top attacking countries")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(admin, "console-reports-countries");
    }
}
