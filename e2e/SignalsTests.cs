using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

[Collection(AppCollection.Name)]
public sealed class SignalsTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task A_common_password_signs_in_only_to_the_change_password_page_which_says_why()
    {
        await Host.UseCommonPasswordAsync();
        var page = await Host.NewPageAsync(forwardedFor: "203.0.113.81");
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(AppHost.CommonEmail, AppHost.CommonPassword);

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage/ChangePassword"));
        await Expect(page.GetByTestId("common-password-reason")).ToContainTextAsync("commonly used passwords");
        await AppHost.ScreenshotAsync(page, "account-change-common-password");

        await page.GotoAsync("/Account/Manage/Sessions");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage/ChangePassword"));
    }

    [Fact]
    public async Task Failures_faster_than_a_person_types_show_an_automated_chip_in_the_attempts_grid()
    {
        var script = await Host.NewPageAsync(forwardedFor: "203.0.113.82");
        for (var i = 0; i < 3; i++)
        {
            await script.APIRequest.PostAsync("/api/account/login", new() { DataObject = new { email = "e2e-scripted@example.com", password = $"guess {i}" } });
        }

        var admin = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(admin, "/admin/attempts");
        var row = admin.Locator(".mud-table-body tr").Filter(new() { HasText = "e2e-scripted@example.com" }).First;
        await Expect(row).ToContainTextAsync("automated");
        await AppHost.ScreenshotAsync(admin, "console-attempts-automated");
    }
}
