using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>
/// Device cookies in two browsers: the owner's browser, which signed in before, gets in while the account is locked
/// for a browser it has never seen; the console shows the account locked for new devices and lists the device.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class KnownDeviceTests(AppHost app) : BrowserTest(app)
{
    private const string DeviceCookie = "AdminConsole.Device";

    [Fact]
    public async Task The_owners_known_browser_signs_in_while_the_account_is_locked_for_a_new_browser()
    {
        // The owner signs in once, then keeps only the device cookie (as after closing the browser: signed out).
        var owner = await Host.NewPageAsync(forwardedFor: "203.0.113.61");
        var ownerLogin = new LoginPage(owner);
        await ownerLogin.GotoAsync();
        await ownerLogin.SignInAsync(AppHost.DevicesEmail, AppHost.DevicesPassword);
        await Expect(owner).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage"));
        var device = (await owner.Context.CookiesAsync()).Single(c => c.Name == DeviceCookie);
        await owner.Context.ClearCookiesAsync();
        await owner.Context.AddCookiesAsync([new Cookie
        {
            Name = device.Name, Value = device.Value, Domain = device.Domain, Path = device.Path,
            Expires = device.Expires, HttpOnly = device.HttpOnly, Secure = device.Secure, SameSite = device.SameSite,
        }]);

        // A browser the account has never seen guesses five times and locks it; the right password is refused there.
        var stranger = new LoginPage(await Host.NewPageAsync(forwardedFor: "203.0.113.62"));
        await stranger.GotoAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await stranger.SignInAsync(AppHost.DevicesEmail, $"a guess that is wrong {attempt}");
            await Expect(stranger.Alert).ToBeVisibleAsync();
        }

        await Expect(stranger.Alert).ToContainTextAsync("Too many failed attempts");
        await stranger.SignInAsync(AppHost.DevicesEmail, AppHost.DevicesPassword);
        await Expect(stranger.Alert).ToContainTextAsync("Too many failed attempts");

        // The owner's browser gets in: its device keeps a lane of its own through an automatic lock.
        await ownerLogin.GotoAsync();
        await ownerLogin.SignInAsync(AppHost.DevicesEmail, AppHost.DevicesPassword);
        await Expect(owner).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage"));

        // The console: locked for new devices, and the owner's device listed.
        var admin = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(admin, "/admin/accounts/" + Uri.EscapeDataString(AppHost.DevicesEmail));
        await Expect(admin.GetByTestId("lock-scope")).ToContainTextAsync("Locked for new devices");
        await AppHost.ScreenshotAsync(admin, "console-account-locked-for-new-devices");
        await admin.GetByRole(AriaRole.Tab, new() { Name = "Known devices (1)" }).ClickAsync();
        var devices = admin.GetByTestId("account-devices");
        await Expect(devices).ToContainTextAsync("203.0.113.61");
        await Expect(devices).ToContainTextAsync("Chrome");
        await AppHost.ScreenshotAsync(admin, "console-account-known-devices");
    }
}
