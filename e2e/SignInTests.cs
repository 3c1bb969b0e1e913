using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

[Collection(AppCollection.Name)]
public sealed class SignInTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task A_user_signs_in_and_reaches_their_account_page()
    {
        var page = await Host.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await AppHost.ScreenshotAsync(page, "login");

        await login.SignInAsync(AppHost.UserEmail, AppHost.UserPassword);

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage$"));
        await Expect(page.GetByText("Your account")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "account-page");
    }

    [Fact]
    public async Task Five_wrong_passwords_show_the_lock_and_the_right_password_is_then_refused()
    {
        // The owner's browser signed in before, so it holds the account's device cookie and is told attempts left.
        var page = await Host.NewPageAsync(forwardedFor: "203.0.113.21");
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(AppHost.LockoutEmail, AppHost.LockoutPassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage"));

        // Anyone else's browser gets the same message without the number (14.10).
        var stranger = new LoginPage(await Host.NewPageAsync(forwardedFor: "203.0.113.22"));
        await stranger.GotoAsync();
        await stranger.SignInAsync(AppHost.LockoutEmail, "not the right passphrase");
        await Expect(stranger.Alert).ToContainTextAsync("Sign-in failed. Check your email and password.");
        await Expect(stranger.Alert).Not.ToContainTextAsync("left");

        await login.GotoAsync();
        for (var attempt = 2; attempt <= 4; attempt++)
        {
            await login.SignInAsync(AppHost.LockoutEmail, $"not the right passphrase {attempt}");
            var left = 5 - attempt;
            await Expect(login.Alert).ToContainTextAsync($"{left} {(left == 1 ? "attempt" : "attempts")} left");
        }

        await AppHost.ScreenshotAsync(page, "login-one-attempt-left");
        await login.SignInAsync(AppHost.LockoutEmail, "not the right passphrase 5");
        await Expect(login.Alert).ToContainTextAsync("Too many failed attempts: try again in 15 minutes (at ");
        await Expect(login.Alert.GetByRole(AriaRole.Link, new() { Name = "Reset your password" })).ToHaveAttributeAsync("href", "Account/ForgotPassword");
        await AppHost.ScreenshotAsync(page, "login-locked");

        // The lock stops browsers that never signed in; the owner's own (KnownDeviceTests) keeps a lane of its own.
        await stranger.GotoAsync();
        await stranger.SignInAsync(AppHost.LockoutEmail, AppHost.LockoutPassword);

        await Expect(stranger.Alert).ToContainTextAsync("Too many failed attempts: try again in");
    }

    [Fact]
    public async Task The_admin_signs_in_with_a_code_and_lands_on_the_console()
    {
        var page = await Host.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();

        await login.SignInAsync(AppHost.AdminEmail, AppHost.AdminPassword);
        await Expect(page.GetByLabel("Authenticator code")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "login-admin-code");
        await page.GetByLabel("Authenticator code").FillAsync(Totp.Code(AppHost.AdminAuthenticatorKey, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin$"));
        await Expect(page.GetByText("Security console")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("console-user")).ToHaveTextAsync(AppHost.AdminEmail);
        await AppHost.ScreenshotAsync(page, "admin-home");
    }

    [Fact]
    public async Task An_empty_form_shows_what_is_missing_next_to_each_field()
    {
        var page = await Host.NewPageAsync(390, 844);
        var login = new LoginPage(page);
        await login.GotoAsync();

        await login.Submit.ClickAsync();

        await Expect(page.GetByText("Enter your email address.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Enter your password.")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(page, "login-validation-phone");
    }

    [Fact]
    public async Task A_console_role_without_a_second_factor_is_sent_to_set_one_up()
    {
        var page = await Host.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();

        await login.SignInAsync(AppHost.PlainViewerEmail, AppHost.PlainViewerPassword);
        await page.GotoAsync("/admin");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage/TwoFactorAuthentication\\?required=console$"));
        await Expect(page.GetByTestId("console-needs-2fa")).ToContainTextAsync("The console needs a second factor.");
        await AppHost.ScreenshotAsync(page, "console-needs-second-factor");
    }
}
