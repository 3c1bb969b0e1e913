using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

[Collection(AppCollection.Name)]
public sealed class AddressBlockTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task Ten_failed_sign_ins_from_one_network_block_it_with_a_clear_page()
    {
        var page = await Host.NewPageAsync(forwardedFor: "203.0.113.77");
        var login = new LoginPage(page);
        await login.GotoAsync();

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await login.SignInAsync($"guess{attempt}@example.com", "not a real passphrase");
            await Expect(login.Alert).ToContainTextAsync("Sign-in failed");
        }

        var response = await page.GotoAsync("/Account/Login");

        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Sign-in from your network is blocked until");
        await AppHost.ScreenshotAsync(page, "address-blocked");

        var phone = await Host.NewPageAsync(390, 844, forwardedFor: "203.0.113.77");
        await phone.GotoAsync("/Account/Login");
        await Expect(phone.GetByRole(AriaRole.Alert)).ToContainTextAsync("blocked");
        await AppHost.ScreenshotAsync(phone, "address-blocked-phone");
    }
}
