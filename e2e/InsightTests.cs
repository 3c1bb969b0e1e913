using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>The suspicious-activity report and the policy rehearsal, in the browser.</summary>
[Collection(AppCollection.Name)]
public sealed class InsightTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task The_report_page_shows_a_range_against_the_one_before_with_charts_and_a_csv_link()
    {
        var admin = await Host.AdminPageAsync(1400, 1300);
        await AppHost.GotoConsoleAsync(admin, "/admin/reports");
        await Expect(admin.GetByTestId("report-range")).ToBeVisibleAsync();
        var lastWeek = await admin.GetByTestId("report-range").InnerTextAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Last 30 days" }).ClickAsync();
        await Expect(admin.GetByTestId("report-range")).Not.ToHaveTextAsync(lastWeek);
        await Expect(admin.GetByTestId("report-total")).ToHaveCountAsync(8);
        await Expect(admin.GetByTestId("report-total").First).ToContainTextAsync("Failed sign-ins");
        await Expect(admin.GetByTestId("report-csv")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("api/admin/reports/activity.csv\\?from="));
        await Expect(admin.Locator(".mud-chart").First).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(admin, "console-reports");
    }

    [Fact]
    public async Task The_admin_rehearses_a_stricter_lockout_before_saving_it()
    {
        // Three wrong passwords for a name that is no account: under every tier in force, locked by the edited policy.
        var guesser = await Host.NewPageAsync(forwardedFor: "203.0.113.91");
        var login = new LoginPage(guesser);
        await login.GotoAsync();
        for (var i = 0; i < 3; i++)
        {
            await login.SignInAsync("rehearsal-nobody@example.com", $"wrong passphrase {i}"); // distinct: a repeat counts once
        }

        var admin = await Host.AdminPageAsync(1400, 1400);
        await AppHost.GotoConsoleAsync(admin, "/admin/policy");
        var lockout = admin.GetByTestId("policy-lockout");
        await lockout.GetByTestId("policy-edit").ClickAsync();
        var failures = admin.Locator("[data-testid=tier-failures] input, input[data-testid=tier-failures]").First;
        await failures.FillAsync("2");
        await failures.BlurAsync();

        var panel = admin.GetByTestId("policy-rehearsal");
        await panel.GetByTestId("rehearsal-run").ClickAsync();
        await Expect(panel.GetByTestId("rehearsal-table")).ToBeVisibleAsync();
        await Expect(panel.GetByTestId("rehearsal-table")).ToContainTextAsync("Accounts locked");
        await Expect(panel.GetByTestId("rehearsal-table")).ToContainTextAsync("In force");
        var unknown = panel.GetByTestId("rehearsal-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "Unknown names locked" });
        var inForce = int.Parse(await unknown.Locator("td").Nth(1).InnerTextAsync(), System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        var edited = int.Parse(await unknown.Locator("td").Nth(2).InnerTextAsync(), System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(edited > inForce, $"the edited policy locks {edited} unknown names, the one in force {inForce}");
        await panel.ScrollIntoViewIfNeededAsync();
        await AppHost.ScreenshotAsync(admin, "console-policy-rehearsal");
        await lockout.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
    }

    [Fact]
    public async Task The_admin_rehearses_a_lower_step_up_threshold_on_the_stored_scores()
    {
        // A sign-in from a device the account does not know scores at least 20.
        var stranger = new LoginPage(await Host.NewPageAsync(forwardedFor: "203.0.113.92"));
        await stranger.GotoAsync();
        await stranger.SignInAsync("risk-nobody@example.com", "wrong passphrase for the risk rehearsal");

        var admin = await Host.AdminPageAsync(1400, 1400);
        await AppHost.GotoConsoleAsync(admin, "/admin/policy");
        var risk = admin.GetByTestId("policy-risk");
        await Expect(risk).ToContainTextAsync("A sign-in scoring above 60 of 100 is challenged");
        await risk.GetByTestId("policy-edit").ClickAsync();
        var threshold = admin.Locator("[data-testid=risk-step-up-above] input, input[data-testid=risk-step-up-above]").First;
        await threshold.FillAsync("10");
        await threshold.BlurAsync();
        await AppHost.ScreenshotAsync(admin, "console-policy-edit-risk");

        var panel = admin.GetByTestId("policy-rehearsal");
        await panel.GetByTestId("rehearsal-run").ClickAsync();
        var row = panel.GetByTestId("rehearsal-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "Sign-ins stepped up (risk)" });
        await Expect(row).ToBeVisibleAsync();
        var edited = int.Parse(await row.Locator("td").Nth(2).InnerTextAsync(), System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(edited > 0, "no stored score above 10");
        await risk.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
    }
}
