using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>The account pages around sign-in: clear messages, finished look.</summary>
[Collection(AppCollection.Name)]
public sealed class AccountPagesTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task Registering_with_a_common_password_says_why_it_is_refused()
    {
        var page = await Host.NewPageAsync();
        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("Email").FillAsync($"new-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("iloveyou1234");
        await page.GetByLabel("Confirm password").FillAsync("iloveyou1234");

        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        await Expect(page.GetByText("This password is on a list of commonly used passwords")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "register-common-password");
    }

    [Fact]
    public async Task Registering_with_a_short_password_says_how_long_it_must_be()
    {
        var page = await Host.NewPageAsync();
        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("Email").FillAsync($"new-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await page.GetByLabel("Confirm password").FillAsync("short");

        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        await Expect(page.GetByText("at least 12").First).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "register-short-password");
    }

    [Fact]
    public async Task The_forgot_password_page_looks_like_the_sign_in_page()
    {
        var page = await Host.NewPageAsync();
        await page.GotoAsync("/Account/ForgotPassword");

        await Expect(page.GetByText("AdminConsole").First).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Email")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "forgot-password");
    }
}
