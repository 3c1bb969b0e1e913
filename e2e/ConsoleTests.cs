using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

[Collection(AppCollection.Name)]
public sealed class ConsoleTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task A_locked_out_user_is_unlocked_by_the_admin_and_then_signs_in()
    {
        var user = await Host.NewPageAsync(forwardedFor: "203.0.113.24");
        var login = new LoginPage(user);
        await login.GotoAsync();
        for (var i = 0; i < 5; i++)
        {
            await login.SignInAsync(AppHost.UnlockEmail, $"a wrong passphrase {i}");
        }

        await Expect(login.Alert).ToContainTextAsync("Too many failed attempts: try again in");

        var admin = await Host.AdminPageAsync();
        await Expect(admin.GetByTestId("locked-now-value")).Not.ToHaveTextAsync("0");
        await AppHost.GotoConsoleAsync(admin, "/admin/accounts");
        await AppHost.Field(admin, "account-search").FillAsync("e2e-unlock");
        await Expect(admin.GetByText("1-1 of 1")).ToBeVisibleAsync();
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = AppHost.UnlockEmail });
        await Expect(row.GetByTestId("account-state-chip")).ToContainTextAsync("Locked");
        await AppHost.ScreenshotAsync(admin, "console-accounts-locked");

        // the locked row offers Unlock as a button of its own, not only in the menu
        await row.GetByRole(AriaRole.Button, new() { Name = $"Actions for {AppHost.UnlockEmail}" }).ClickAsync();
        await AppHost.ScreenshotAsync(admin, "console-account-menu");
        await admin.Keyboard.PressAsync("Escape");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Unlock {AppHost.UnlockEmail}" }).ClickAsync();
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(admin.GetByText("Give a reason: it is kept in the audit log.").First).ToBeVisibleAsync();
        await AppHost.Field(admin, "reason").FillAsync("Verified by phone with the user");
        await AppHost.ScreenshotAsync(admin, "console-unlock-dialog");
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(admin.GetByText($"{AppHost.UnlockEmail} is unlocked.")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(row.GetByTestId("account-state-chip")).ToHaveTextAsync("Active");
        await Expect(row.GetByTestId("unlock")).ToHaveCountAsync(0);

        await login.SignInAsync(AppHost.UnlockEmail, AppHost.UnlockPassword);
        await Expect(user).ToHaveURLAsync(new Regex("/Account/Manage$"));

        await AppHost.GotoConsoleAsync(admin, "/admin/audit");
        await Expect(admin.GetByText("Verified by phone with the user")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_locked_accounts_page_shows_unlock_beside_its_state_and_unlocks_with_a_reason()
    {
        var email = AppHost.DemoTierTwoEmail;
        var admin = await Host.AdminPageAsync(ConsoleLayout.DesktopWidth, ConsoleLayout.DesktopHeight);
        await AppHost.GotoConsoleAsync(admin, "/admin/accounts/" + Uri.EscapeDataString(email));
        await Expect(admin.GetByTestId("account-state-chip")).ToContainTextAsync("Locked (tier 2)");
        await Expect(admin.GetByTestId("last-failure-address")).ToHaveTextAsync("198.18.7.23");
        var unlock = admin.GetByRole(AriaRole.Button, new() { Name = $"Unlock {email}" });

        await unlock.ClickAsync();
        await Expect(AppHost.Field(admin, "reason")).ToBeVisibleAsync();
        await Expect(admin.Locator(".mud-dialog .mud-input-error")).ToHaveCountAsync(0); // not red before anyone typed
        await AppHost.ScreenshotAsync(admin, "console-account-unlock-dialog");
        await AppHost.Field(admin, "reason").FillAsync("Owner called the help desk from the office");
        await admin.GetByTestId("confirm").ClickAsync();

        await Expect(admin.GetByText($"{email} is unlocked.")).ToBeVisibleAsync(new() { Timeout = 15_000 }); // the unlock, its audit row and notification, on a busy machine
        await Expect(admin.GetByTestId("account-state-chip")).ToHaveTextAsync("Active");
        await Expect(unlock).ToHaveCountAsync(0);
        await Expect(admin.GetByTestId("last-failure-address")).ToHaveCountAsync(0); // no address under "Last failure –"
        await AppHost.ScreenshotAsync(admin, "console-account-unlocked");
    }

    [Fact]
    public async Task The_console_follows_the_system_colour_scheme_until_the_admin_chooses_and_keeps_the_choice()
    {
        const string LightBackground = "rgb(241, 245, 249)"; // AppTheme's light Background
        var body = (IPage p) => p.Locator("body");

        // a dark system: the static dashboard and an interactive page are dark from the start
        var page = await Host.AdminPageAsync(colorScheme: ColorScheme.Dark);
        await Expect(page.Locator("html")).ToHaveCSSAsync("color-scheme", "dark");
        await Expect(body(page)).Not.ToHaveCSSAsync("background-color", LightBackground);
        await AppHost.GotoConsoleAsync(page, "/admin/accounts");
        await Expect(page.Locator("html")).ToHaveCSSAsync("color-scheme", "dark");

        // the admin chooses light: it holds across a reload, on the static dashboard and on the account pages
        await page.GetByTestId("dark-mode").ClickAsync();
        await Expect(body(page)).ToHaveCSSAsync("background-color", LightBackground);
        await page.ReloadAsync();
        await Expect(page.Locator("[data-interactive=true]").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await Expect(page.Locator("html")).ToHaveCSSAsync("color-scheme", "light");
        await Expect(body(page)).ToHaveCSSAsync("background-color", LightBackground);
        await AppHost.GotoConsoleAsync(page, "/admin");
        await Expect(body(page)).ToHaveCSSAsync("background-color", LightBackground);
        await page.GotoAsync("/Account/Manage");
        await Expect(page.Locator("html")).ToHaveCSSAsync("color-scheme", "light");

        // and back to dark on the static dashboard, which keeps it too
        await AppHost.GotoConsoleAsync(page, "/admin");
        await page.GetByTestId("dark-mode").ClickAsync();
        await Expect(page.Locator("html")).ToHaveCSSAsync("color-scheme", "dark");
        await page.ReloadAsync();
        await Expect(page.Locator("html")).ToHaveCSSAsync("color-scheme", "dark");
        await Expect(body(page)).Not.ToHaveCSSAsync("background-color", LightBackground);
        await AppHost.ScreenshotAsync(page, "console-dark-chosen");
    }

    [Fact]
    public async Task The_admin_blocks_an_address_and_a_sign_in_from_it_through_the_proxy_is_refused()
    {
        var admin = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(admin, "/admin/addresses");
        await admin.GetByTestId("add-rule").ClickAsync();
        await AppHost.Field(admin, "rule-network").FillAsync("0x7f.1");
        await AppHost.Field(admin, "rule-reason").FillAsync("Credential stuffing seen in the proxy logs");
        await admin.GetByTestId("rule-save").ClickAsync();
        await Expect(admin.GetByText("is not an IPv4 address in dotted-quad form")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(admin, "console-add-rule-error");

        await AppHost.Field(admin, "rule-network").FillAsync("203.0.113.99");
        await admin.GetByTestId("rule-save").ClickAsync();
        await Expect(admin.GetByText("Deny rule for 203.0.113.99 added.")).ToBeVisibleAsync();
        await Expect(admin.GetByTestId("rules-table")).ToContainTextAsync("203.0.113.99");

        var blocked = await Host.NewPageAsync(forwardedFor: "203.0.113.99");
        var response = await blocked.GotoAsync("/Account/Login");
        Assert.Equal(403, response!.Status);
        await Expect(blocked.GetByRole(AriaRole.Alert)).ToContainTextAsync("until an administrator lifts the block");
    }

    [Fact]
    public async Task A_user_name_containing_html_is_shown_as_text()
    {
        var hostile = "<b>bold</b>@example.com";
        var api = await Host.NewPageAsync(forwardedFor: "203.0.113.23");
        await api.APIRequest.PostAsync("/api/account/login", new() { DataObject = new { email = hostile, password = "whatever it is" } });

        var admin = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(admin, "/admin/attempts");
        await Expect(admin.GetByText(hostile.ToLowerInvariant()).First).ToBeVisibleAsync();
        Assert.Equal(0, await admin.Locator("td b").CountAsync());
    }

    [Fact]
    public async Task The_admin_changes_address_blocking_and_restores_the_configured_policy()
    {
        var admin = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(admin, "/admin/policy");
        var lockout = admin.GetByTestId("policy-lockout");
        await lockout.GetByTestId("policy-edit").ClickAsync();
        await Expect(lockout.GetByTestId("tier-row")).ToHaveCountAsync(3);
        await AppHost.ScreenshotAsync(admin, "console-policy-edit-lockout");
        await lockout.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        var card = admin.GetByTestId("policy-addresses");
        await Expect(card.GetByTestId("policy-source")).ToContainTextAsync("From configuration");
        // the configured list is not the Addresses page's Allow rules (the demo's "Head office"): each says what it is
        await Expect(card.GetByTestId("configured-allow-list")).ToHaveTextAsync("Configured allow list (Network:AllowList): none");
        await Expect(card).ToContainTextAsync("Allow rules added on the Addresses page exempt their addresses as well.");
        await Expect(admin.GetByTestId("policy-rate-limits")).ToContainTextAsync("Request rate limits (per client, per instance)"); // no Redis here
        await card.GetByTestId("policy-edit").ClickAsync();

        var window = card.GetByLabel("Counted within");
        await window.FillAsync("soon");
        await card.GetByLabel("Longest block").FillAsync("30m");
        await card.GetByTestId("policy-save").ClickAsync();
        await Expect(card.GetByText("\"soon\" is not a duration.")).ToBeVisibleAsync();

        await window.FillAsync("20m");
        await card.GetByTestId("policy-save").ClickAsync();
        await AppHost.Field(admin, "reason").FillAsync("Slower credential stuffing seen");
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(card.GetByTestId("policy-errors")).ToContainTextAsync("AddressBlocking:MaxBlockDuration (00:30:00) must not be shorter than AddressBlocking:BlockDuration (01:00:00).");
        await AppHost.ScreenshotAsync(admin, "console-policy-edit-error");

        await card.GetByLabel("Longest block").FillAsync("1d");
        await card.GetByTestId("policy-save").ClickAsync();
        await AppHost.Field(admin, "reason").FillAsync("Slower credential stuffing seen");
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(admin.GetByText("The AddressBlocking policy is changed and in force.")).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("failures within 20 minutes block an address");
        await Expect(card.GetByTestId("policy-source")).ToContainTextAsync($"Changed by {AppHost.AdminEmail}");
        await AppHost.ScreenshotAsync(admin, "console-policy-changed");

        await card.GetByTestId("policy-restore").ClickAsync();
        await AppHost.Field(admin, "reason").FillAsync("Back to the reviewed configuration");
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(card).ToContainTextAsync("failures within 15 minutes block an address");
        await Expect(card.GetByTestId("policy-source")).ToContainTextAsync("From configuration");

        await AppHost.GotoConsoleAsync(admin, "/admin/audit");
        await Expect(admin.GetByText("Slower credential stuffing seen")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_bell_rises_without_reload_when_a_user_is_locked_out_and_marking_read_lowers_it()
    {
        var admin = await Host.AdminPageAsync();
        var count = admin.GetByTestId("bell-count");
        var before = (await count.TextContentAsync())!.Trim();
        await AppHost.ScreenshotAsync(admin, "console-bell-before");

        // the moment the count changes, read off the browser's clock (no polling delay in the figure)
        await count.EvaluateAsync("""
            el => { window.bellChangedAt = null;
                    new MutationObserver(() => { window.bellChangedAt ??= Date.now(); })
                        .observe(el, { childList: true, characterData: true, subtree: true }); }
            """);

        var user = await Host.NewPageAsync(forwardedFor: "203.0.113.25");
        var login = new LoginPage(user);
        await login.GotoAsync();
        static bool IsSignIn(IResponse r) => r.Request.Method == "POST" && r.Url.Contains("/Account/Login", StringComparison.Ordinal);
        for (var i = 0; i < 4; i++)
        {
            await user.RunAndWaitForResponseAsync(() => login.SignInAsync(AppHost.BellEmail, $"a wrong passphrase {i}"), IsSignIn);
        }

        await user.RunAndWaitForResponseAsync(() => login.SignInAsync(AppHost.BellEmail, "a wrong passphrase 4"), IsSignIn);
        var answeredAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await Expect(count).Not.ToHaveTextAsync(before);
        var changedAt = await admin.EvaluateAsync<long>("() => window.bellChangedAt");
        await Expect(login.Alert).ToContainTextAsync("Too many failed attempts: try again in");
        var line = $"lock answered -> bell changed: {changedAt - answeredAt} ms (negative: the bell changed before the sign-in answer was read)";
        File.WriteAllText(Path.Combine(AppHost.Artifacts, "bell-latency.txt"), line + "\n");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        await AppHost.ScreenshotAsync(admin, "console-bell-after");

        await admin.GetByTestId("bell-button").GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Menuitem).Filter(new() { HasText = AppHost.BellEmail }).First).ToBeVisibleAsync();
        await Expect(admin.GetByTestId("locked-now-value")).Not.ToHaveTextAsync("0");
        // the static parts of the dashboard follow without a reload too: the lock is in the recent events
        await Expect(admin.GetByTestId("recent-events")).ToContainTextAsync(AppHost.BellEmail.ToLowerInvariant());
        await AppHost.ScreenshotAsync(admin, "console-bell-menu");
        await admin.GetByTestId("bell-mark-all").ClickAsync();
        await Expect(count).ToHaveTextAsync("0");

        // the dashboard with a lock in it, at desktop and phone width: the tier list and the events table
        foreach (var (width, height, name) in new[] { (1400, 900, "desktop"), (390, 844, "phone") })
        {
            var page = await Host.AdminPageAsync(width, height);
            await Expect(page.GetByText("Tier 1 · 15 minutes")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("recent-events")).ToContainTextAsync(AppHost.BellEmail.ToLowerInvariant());
            await AppHost.ScreenshotAsync(page, "console-dashboard-data-" + name);
        }

        await AppHost.GotoConsoleAsync(admin, "/admin/notifications");
        await Expect(admin.GetByTestId("notifications-grid")).ToContainTextAsync($"{AppHost.BellEmail} locked (tier 1)");
        await AppHost.ScreenshotAsync(admin, "console-notifications");
    }

    [Fact]
    public async Task The_static_dashboard_opens_its_menu_changes_range_and_leads_to_and_from_the_interactive_pages()
    {
        var phone = await Host.AdminPageAsync(390, 844);
        var accounts = phone.Locator(".mud-drawer").GetByText("Accounts");
        await Expect(accounts).Not.ToBeVisibleAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Expect(accounts).ToBeVisibleAsync();
        var backdrop = phone.Locator(".mud-overlay-dark"); // the page behind the open drawer is dimmed
        await Expect(backdrop).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(phone, "console-dashboard-phone-menu");
        await backdrop.ClickAsync(new() { Position = new() { X = 340, Y = 400 } });
        await Expect(phone.Locator(".mud-drawer")).ToHaveClassAsync(new Regex("mud-drawer--closed"));
        await Expect(backdrop).ToHaveCountAsync(0);

        var admin = await Host.AdminPageAsync();
        await admin.GetByTestId("range-7d").ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin\\?range=7d$"));
        await Expect(admin.GetByText("Sign-ins per 6 hours")).ToBeVisibleAsync();
        await Expect(admin.GetByTestId("range-7d")).ToHaveAttributeAsync("aria-current", "true");

        await admin.Locator(".mud-drawer").GetByText("Accounts").ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/accounts$"));
        await Expect(admin.Locator("[data-interactive=true]").First).ToBeAttachedAsync(new() { Timeout = 15_000 }); // the page's island is live
        await admin.Locator(".mud-drawer").GetByText("Dashboard").ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin$"));
        await Expect(admin.GetByTestId("console-user")).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-interactive=true]").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await Expect(admin.GetByTestId("locked-now-value")).ToBeVisibleAsync();
    }

    public static TheoryData<string, string> Pages => new(ConsoleLayout.Pages.Select(p => new TheoryDataRow<string, string>(p.Path, p.Name)));

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_console_page_fits_a_desktop_and_renders_in_light_dark_and_phone_width(string path, string name)
    {
        var page = await Host.AdminPageAsync(ConsoleLayout.DesktopWidth, ConsoleLayout.DesktopHeight);
        await AppHost.GotoConsoleAsync(page, path);
        await AppHost.ScreenshotAsync(page, name + "-light");
        var problems = await ConsoleLayout.ProblemsAsync(page);
        Assert.True(problems.Count == 0, $"{path} at {ConsoleLayout.DesktopWidth} px:\n" + string.Join("\n", problems));

        await page.GetByTestId("dark-mode").ClickAsync();
        await Expect(page.Locator("html")).ToHaveCSSAsync("color-scheme", "dark");
        await AppHost.ScreenshotAsync(page, name + "-dark");

        // a phone whose system is dark: the console follows it until the toggle says otherwise
        var phone = await Host.AdminPageAsync(ConsoleLayout.PhoneWidth, ConsoleLayout.PhoneHeight, ColorScheme.Dark);
        await AppHost.GotoConsoleAsync(phone, path);
        await Expect(phone.Locator("html")).ToHaveCSSAsync("color-scheme", "dark");
        await AppHost.ScreenshotAsync(phone, name + "-phone-dark");
        var charts = (await ConsoleLayout.ProblemsAsync(phone)).Where(p => p.StartsWith("chart", StringComparison.Ordinal)).ToList();
        Assert.True(charts.Count == 0, $"{path} at {ConsoleLayout.PhoneWidth} px:\n" + string.Join("\n", charts)); // a phone scrolls a chart, never shrinks it
        await phone.GetByTestId("dark-mode").ClickAsync();
        await Expect(phone.Locator("html")).ToHaveCSSAsync("color-scheme", "light");
        await AppHost.ScreenshotAsync(phone, name + "-phone");
        Assert.Empty(await phone.Locator("#blazor-error-ui[style*='block']").AllAsync());
    }
}
