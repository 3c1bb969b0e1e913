using System.Text.RegularExpressions;
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

    [Fact]
    public async Task The_sign_in_page_follows_a_dark_system_colour_scheme()
    {
        var page = await Host.NewPageAsync(390, 844);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await new LoginPage(page).GotoAsync();

        var background = await page.Locator(".account-card").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.NotEqual("rgb(255, 255, 255)", background);
        await AppHost.ScreenshotAsync(page, "login-phone-dark");
    }

    [Fact]
    public async Task An_admin_on_the_account_page_has_a_link_back_to_the_console_and_no_dead_buttons()
    {
        var page = await Host.AdminPageAsync();
        await page.GotoAsync("/Account/Manage");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Profile", Exact = true })).ToBeVisibleAsync();
        // the dark-mode button works without a circuit (js/console-chrome.js), here as on the console
        await page.GetByTestId("dark-mode").ClickAsync();
        await Expect(page.Locator("html")).ToHaveCSSAsync("color-scheme", "dark");
        await page.GetByTestId("dark-mode").ClickAsync();
        await Expect(page.Locator("html")).ToHaveCSSAsync("color-scheme", "light");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Menu" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("notification-bell")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Security console" })).ToHaveAttributeAsync("href", "admin");
        await AppHost.ScreenshotAsync(page, "manage-profile-admin");
        await page.SetViewportSizeAsync(390, 844);
        await AppHost.ScreenshotAsync(page, "manage-profile-admin-phone");
    }

    /// <summary>Every page under Account/Manage, by path and the heading it shows (SetPassword needs an account without one).</summary>
    private static readonly (string Path, string Heading)[] ManagePages =
    [
        ("/Account/Manage", "Profile"),
        ("/Account/Manage/Email", "Email"),
        ("/Account/Manage/ChangePassword", "Change password"),
        ("/Account/Manage/TwoFactorAuthentication", "Two-factor authentication"),
        ("/Account/Manage/EnableAuthenticator", "Set up an authenticator app"),
        ("/Account/Manage/Disable2fa", "Disable two-factor authentication"),
        ("/Account/Manage/ResetAuthenticator", "Reset authenticator key"),
        ("/Account/Manage/GenerateRecoveryCodes", "New recovery codes"),
        ("/Account/Manage/Passkeys", "Passkeys"),
        ("/Account/Manage/PersonalData", "Personal data"),
        ("/Account/Manage/DeletePersonalData", "Delete personal data"),
    ];

    [Fact]
    public async Task Every_account_page_wears_the_console_look_on_desktop_and_phone_in_light_and_dark()
    {
        // Turn two-factor authentication on (the pages behind it refuse otherwise); the recovery codes show once.
        var setup = await Host.NewPageAsync();
        var login = new LoginPage(setup);
        await login.GotoAsync();
        await login.SignInAsync(AppHost.PagesEmail, AppHost.PagesPassword);
        await Expect(setup).ToHaveURLAsync(new Regex("/Account/Manage$"));
        await setup.GotoAsync("/Account/Manage/EnableAuthenticator");
        var key = await setup.GetByTestId("authenticator-key").InnerTextAsync();
        await setup.GetByLabel("Verification code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await setup.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(setup.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        await AppHost.ScreenshotAsync(setup, "manage-recovery-codes");
        await setup.SetViewportSizeAsync(390, 844);
        await AppHost.ScreenshotAsync(setup, "manage-recovery-codes-phone");
        await setup.Context.CloseAsync();

        // Enabling 2FA renews the security stamp, so sign in afresh, now with a code.
        var page = await Host.NewPageAsync();
        login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(AppHost.PagesEmail, AppHost.PagesPassword);
        await Expect(page.GetByLabel("Authenticator code")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "login-2fa");
        await page.GetByLabel("Authenticator code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Manage$"));

        foreach (var (width, height, scheme, suffix) in new[]
                 {
                     (1280, 800, ColorScheme.Light, ""), (390, 844, ColorScheme.Light, "-phone"),
                     (1280, 800, ColorScheme.Dark, "-dark"), (390, 844, ColorScheme.Dark, "-phone-dark"),
                 })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            foreach (var (path, heading) in ManagePages)
            {
                await page.GotoAsync(path);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
                await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Account pages" })).ToBeVisibleAsync();
                // no Bootstrap left: its class names would render unstyled
                await Expect(page.Locator(".btn, .form-control, .form-floating, .alert, .row, .nav-pills")).ToHaveCountAsync(0);
                await AppHost.ScreenshotAsync(page, "manage" + (path == "/Account/Manage" ? "-profile" : "-" + path.Split('/')[^1].ToLowerInvariant()) + suffix);
            }
        }

        // a form's field errors, and an error from the handler, in the same look
        await page.SetViewportSizeAsync(1280, 800);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.GotoAsync("/Account/Manage/ChangePassword");
        await page.GetByLabel("Current password").FillAsync("not the password at all");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("short");
        await page.GetByLabel("Confirm new password").FillAsync("different");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update password" }).ClickAsync();
        await Expect(page.GetByText("Passwords must be at least 12")).ToBeVisibleAsync();
        await Expect(page.GetByText("do not match")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "manage-changepassword-errors");

        await page.GotoAsync("/Account/Manage/RenamePasskey/AAAA");
        await Expect(page.GetByTestId("status-message")).ToContainTextAsync("could not be found");
        await AppHost.ScreenshotAsync(page, "manage-renamepasskey-unknown");
    }
}
