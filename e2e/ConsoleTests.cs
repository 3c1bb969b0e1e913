using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

[Collection(AppCollection.Name)]
public sealed class ConsoleTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task A_locked_out_user_is_unlocked_by_the_admin_and_then_signs_in()
    {
        var user = await Host.NewPageAsync(forwardedFor: "203.0.113.22");
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
        await Field(admin, "account-search").FillAsync("e2e-unlock");
        await Expect(admin.GetByText("1-1 of 1")).ToBeVisibleAsync();
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = AppHost.UnlockEmail });
        await Expect(row.GetByTestId("account-state-chip")).ToContainTextAsync("Locked");
        await AppHost.ScreenshotAsync(admin, "console-accounts-locked");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Actions for {AppHost.UnlockEmail}" }).ClickAsync();
        await AppHost.ScreenshotAsync(admin, "console-account-menu");
        await admin.GetByText("Unlock…", new() { Exact = true }).ClickAsync();
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(admin.GetByText("Give a reason: it is kept in the audit log.").First).ToBeVisibleAsync();
        await Field(admin, "reason").FillAsync("Verified by phone with the user");
        await AppHost.ScreenshotAsync(admin, "console-unlock-dialog");
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(admin.GetByText($"{AppHost.UnlockEmail} is unlocked.")).ToBeVisibleAsync();
        await Expect(row.GetByTestId("account-state-chip")).ToHaveTextAsync("Active");

        await login.SignInAsync(AppHost.UnlockEmail, AppHost.UnlockPassword);
        await Expect(user).ToHaveURLAsync(new Regex("/Account/Manage$"));

        await AppHost.GotoConsoleAsync(admin, "/admin/audit");
        await Expect(admin.GetByText("Verified by phone with the user")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_admin_blocks_an_address_and_a_sign_in_from_it_through_the_proxy_is_refused()
    {
        var admin = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(admin, "/admin/addresses");
        await admin.GetByTestId("add-rule").ClickAsync();
        await Field(admin, "rule-network").FillAsync("0x7f.1");
        await Field(admin, "rule-reason").FillAsync("Credential stuffing seen in the proxy logs");
        await admin.GetByTestId("rule-save").ClickAsync();
        await Expect(admin.GetByText("is not an IPv4 address in dotted-quad form")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(admin, "console-add-rule-error");

        await Field(admin, "rule-network").FillAsync("203.0.113.99");
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
        await card.GetByTestId("policy-edit").ClickAsync();

        var window = card.GetByLabel("Counted within");
        await window.FillAsync("soon");
        await card.GetByLabel("Longest block").FillAsync("30m");
        await card.GetByTestId("policy-save").ClickAsync();
        await Expect(card.GetByText("\"soon\" is not a duration.")).ToBeVisibleAsync();

        await window.FillAsync("20m");
        await card.GetByTestId("policy-save").ClickAsync();
        await Field(admin, "reason").FillAsync("Slower credential stuffing seen");
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(card.GetByTestId("policy-errors")).ToContainTextAsync("AddressBlocking:MaxBlockDuration (00:30:00) must not be shorter than AddressBlocking:BlockDuration (01:00:00).");
        await AppHost.ScreenshotAsync(admin, "console-policy-edit-error");

        await card.GetByLabel("Longest block").FillAsync("1d");
        await card.GetByTestId("policy-save").ClickAsync();
        await Field(admin, "reason").FillAsync("Slower credential stuffing seen");
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(admin.GetByText("The AddressBlocking policy is changed and in force.")).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("failures within 20 minutes block an address");
        await Expect(card.GetByTestId("policy-source")).ToContainTextAsync($"Changed by {AppHost.AdminEmail}");
        await AppHost.ScreenshotAsync(admin, "console-policy-changed");

        await card.GetByTestId("policy-restore").ClickAsync();
        await Field(admin, "reason").FillAsync("Back to the reviewed configuration");
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
        await AppHost.ScreenshotAsync(phone, "console-dashboard-phone-menu");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Expect(phone.Locator(".mud-drawer")).ToHaveClassAsync(new Regex("mud-drawer--closed")); // slid off the screen

        var admin = await Host.AdminPageAsync();
        await admin.GetByTestId("range-7d").ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin\\?range=7d$"));
        await Expect(admin.GetByText("Sign-ins per 6 hours")).ToBeVisibleAsync();
        await Expect(admin.GetByTestId("range-7d")).ToHaveAttributeAsync("aria-current", "true");

        await admin.Locator(".mud-drawer").GetByText("Accounts").ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/accounts$"));
        await Expect(admin.Locator(".mud-main-content[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await admin.Locator(".mud-drawer").GetByText("Dashboard").ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin$"));
        await Expect(admin.GetByTestId("console-user")).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-interactive=true]").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await Expect(admin.GetByTestId("locked-now-value")).ToBeVisibleAsync();
    }

    /// <summary>The text box of a MudBlazor field, whichever element carries the test id.</summary>
    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    public static TheoryData<string, string> Pages => new()
    {
        { "/admin", "console-dashboard" },
        { "/admin/accounts", "console-accounts" },
        { "/admin/attempts", "console-attempts" },
        { "/admin/addresses", "console-addresses" },
        { "/admin/audit", "console-audit" },
        { "/admin/accounts/alice%40example.com", "console-account-detail" },
        { "/admin/addresses/127.0.0.1", "console-address-detail" },
        { "/admin/policy", "console-policy" },
        { "/admin/users", "console-users-page" },
        { "/admin/notifications", "console-notifications-page" },
        { "/admin/webhooks", "console-webhooks-page" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_console_page_renders_in_light_dark_and_phone_width(string path, string name)
    {
        var page = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(page, path);
        await AppHost.ScreenshotAsync(page, name + "-light");

        await page.GetByTestId("dark-mode").ClickAsync();
        await Expect(page.Locator(".mud-theme-dark, body")).ToHaveCountAsync(1);
        await AppHost.ScreenshotAsync(page, name + "-dark");

        var phone = await Host.AdminPageAsync(390, 844);
        await AppHost.GotoConsoleAsync(phone, path);
        await AppHost.ScreenshotAsync(phone, name + "-phone");
        Assert.Empty(await phone.Locator("#blazor-error-ui[style*='block']").AllAsync());
    }
}
