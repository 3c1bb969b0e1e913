using System.Net;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>
/// The applications page: an admin registers a confidential application (its secret shown once), the application
/// gets a token with that secret at the real token endpoint, and once disabled in the console it gets none.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ApplicationPageTests(AppHost app) : BrowserTest(app)
{
    private async Task<HttpStatusCode> ClientCredentialsAsync(string clientId, string secret)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(
            [new("grant_type", "client_credentials"), new("client_id", clientId), new("client_secret", secret)]), TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_admin_registers_an_application_whose_secret_works_once_shown_and_disables_it()
    {
        var clientId = $"e2e-reports-{Guid.NewGuid():N}"[..24];
        var admin = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(admin, "/admin/applications");
        await Expect(admin.GetByTestId("application-row").First).ToBeVisibleAsync(); // the relying party from configuration

        await admin.GetByTestId("register-application").ClickAsync();
        await AppHost.Field(admin, "application-client-id").FillAsync("not an id!");
        await AppHost.Field(admin, "application-redirect-uris").FillAsync("ftp://reports.example.test/cb");
        await AppHost.Field(admin, "application-redirect-uris").PressAsync("Tab"); // a text area commits its value when left
        await admin.GetByTestId("application-save").ClickAsync();
        await Expect(admin.GetByText("The client id must be 1 to 100 letters")).ToBeVisibleAsync();
        await Expect(admin.GetByText("Line 1 must be an absolute https address")).ToBeVisibleAsync();
        await Expect(admin.GetByText("Give a reason")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(admin, "console-application-register-errors");

        await AppHost.Field(admin, "application-client-id").FillAsync(clientId);
        await AppHost.Field(admin, "application-name").FillAsync("Nightly reports");
        await AppHost.Field(admin, "application-redirect-uris").FillAsync("https://reports.example.test/signin-oidc");
        await AppHost.Field(admin, "application-redirect-uris").PressAsync("Tab");
        await AppHost.Field(admin, "application-reason").FillAsync("Reports move to single sign-on");
        await admin.GetByTestId("application-save").ClickAsync();
        var secretField = AppHost.Field(admin, "application-secret");
        await Expect(secretField).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^[A-Za-z0-9_-]{43}$"));
        var secret = await secretField.InputValueAsync();
        await AppHost.ScreenshotAsync(admin, "console-application-secret");
        await admin.GetByTestId("application-secret-done").ClickAsync();

        var row = admin.Locator($"[data-testid=application-row][data-client='{clientId}']");
        await Expect(row).ToContainTextAsync("Nightly reports");
        await Expect(row.GetByTestId("application-status")).ToHaveTextAsync("Enabled");
        Assert.Equal(HttpStatusCode.OK, await ClientCredentialsAsync(clientId, secret));
        await AppHost.ScreenshotAsync(admin, "console-applications-registered");

        await row.GetByTestId("application-toggle").ClickAsync();
        await AppHost.Field(admin, "reason").FillAsync("Reports paused for the audit");
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(row.GetByTestId("application-status")).ToHaveTextAsync("Disabled");
        Assert.NotEqual(HttpStatusCode.OK, await ClientCredentialsAsync(clientId, secret));

        // The audit log now names the application in its details: it still fits a desktop, no word cut in two.
        var desktop = await Host.AdminPageAsync(ConsoleLayout.DesktopWidth, ConsoleLayout.DesktopHeight);
        await AppHost.GotoConsoleAsync(desktop, "/admin/audit");
        await Expect(desktop.GetByTestId("event-details").First).ToContainTextAsync(clientId);
        var problems = await ConsoleLayout.ProblemsAsync(desktop);
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        var phone = await Host.AdminPageAsync(390, 844);
        await AppHost.GotoConsoleAsync(phone, "/admin/applications");
        await Expect(phone.Locator($"[data-testid=application-row][data-client='{clientId}']")).ToContainTextAsync("Nightly reports");
        await AppHost.ScreenshotAsync(phone, "console-applications-phone");
    }
}
