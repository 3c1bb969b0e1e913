using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>The users page end to end: invite, set the password through the mailed link, grant a role, disable.</summary>
[Collection(AppCollection.Name)]
public sealed partial class UserAdministrationTests(AppHost app) : BrowserTest(app)
{
    private const string Password = "an invited user's own passphrase";

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();

    private static async Task ConfirmWithReasonAsync(IPage admin, string reason, string screenshot)
    {
        await AppHost.Field(admin, "reason").FillAsync(reason);
        await AppHost.ScreenshotAsync(admin, screenshot);
        await admin.GetByTestId("confirm").ClickAsync();
    }

    [Fact]
    public async Task An_admin_invites_a_user_who_sets_a_password_by_mail_then_grants_a_role_and_disables_the_account()
    {
        var email = $"e2e-invited-{Guid.NewGuid():N}"[..24] + "@example.com";
        var admin = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(admin, "/admin/users");
        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = AppHost.AdminEmail })).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(admin, "console-users");

        await AppHost.Field(admin, "invite-email").FillAsync(email);
        await admin.GetByTestId("invite").ClickAsync();
        await ConfirmWithReasonAsync(admin, "New analyst joining the security team", "console-users-invite-dialog");
        await Expect(admin.GetByText($"{email} is invited")).ToBeVisibleAsync();
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Expect(row.GetByTestId("user-state")).ToHaveTextAsync("Invited");

        var mail = Assert.Single(await Host.Smtp.WaitForAsync(email));
        Assert.Equal("You are invited to AdminConsole", mail.Subject);
        var link = Url().Match(mail.TextBody ?? "").Value;
        Assert.StartsWith($"{Host.BaseUrl}/Account/ResetPassword?code=", link);
        var user = await Host.NewPageAsync(forwardedFor: "203.0.113.45");
        await user.GotoAsync(link);
        await user.GetByLabel("Email").FillAsync(email);
        await user.GetByLabel("New password", new() { Exact = true }).FillAsync(Password);
        await user.GetByLabel("Confirm new password").FillAsync(Password);
        await AppHost.ScreenshotAsync(user, "invitation-set-password");
        await user.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();
        await Expect(user).ToHaveURLAsync(new Regex("/Account/Manage$"));

        await user.Context.ClearCookiesAsync();
        var login = new LoginPage(user);
        await login.GotoAsync();
        await login.SignInAsync(email, Password);
        await Expect(user).ToHaveURLAsync(new Regex("/Account/Manage$"));

        await AppHost.GotoConsoleAsync(admin, "/admin/users");
        await admin.GetByText("Console roles and open invitations only").ClickAsync(); // a user with no role yet
        await AppHost.Field(admin, "user-search").FillAsync(email);
        await Expect(admin.GetByText("1-1 of 1")).ToBeVisibleAsync();
        await Expect(row.GetByTestId("user-state")).ToHaveTextAsync("Active");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Actions for {email}" }).ClickAsync();
        await AppHost.ScreenshotAsync(admin, "console-users-menu");
        await admin.GetByText("Make SecurityViewer…", new() { Exact = true }).ClickAsync();
        await ConfirmWithReasonAsync(admin, "Joins the on-call rota", "console-users-grant-dialog");
        await Expect(admin.GetByText($"{email} is now a SecurityViewer.")).ToBeVisibleAsync();
        await Expect(row.GetByTestId("role-chip")).ToHaveTextAsync("SecurityViewer");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Actions for {email}" }).ClickAsync();
        await admin.GetByText("Disable…", new() { Exact = true }).ClickAsync();
        await ConfirmWithReasonAsync(admin, "Left the company", "console-users-disable-dialog");
        await Expect(admin.GetByText($"{email} is disabled")).ToBeVisibleAsync();
        await Expect(row.GetByTestId("user-state")).ToHaveTextAsync("Disabled");
        await AppHost.ScreenshotAsync(admin, "console-users-disabled");

        // the disabled user's session ended at once: the next request is sent to sign in
        await user.ReloadAsync();
        await Expect(user).ToHaveURLAsync(new Regex("/Account/Login"));
        await login.SignInAsync(email, Password);
        await Expect(login.Alert).ToContainTextAsync("cannot sign in");

        await AppHost.GotoConsoleAsync(admin, "/admin/audit");
        await Expect(admin.GetByText("Left the company")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_admin_switches_the_lockout_policy_to_doubling_locks_and_back()
    {
        var admin = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(admin, "/admin/policy");
        var card = admin.GetByTestId("policy-lockout");
        await card.GetByTestId("policy-edit").ClickAsync();
        await card.GetByText("Doubling locks").ClickAsync();
        await AppHost.Field(admin, "first-duration").FillAsync("15m");
        await AppHost.Field(admin, "max-duration").FillAsync("1d");
        await AppHost.ScreenshotAsync(admin, "console-policy-doubling-edit");
        await card.GetByTestId("policy-save").ClickAsync();
        await AppHost.Field(admin, "reason").FillAsync("Growing locks during the campaign");
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(admin.GetByText("The Lockout policy is changed and in force.")).ToBeVisibleAsync();
        await Expect(card.GetByTestId("policy-doubling")).ToContainTextAsync("Every 5 failures lock: first for 15 minutes");
        await AppHost.ScreenshotAsync(admin, "console-policy-doubling");

        await card.GetByTestId("policy-restore").ClickAsync();
        await AppHost.Field(admin, "reason").FillAsync("Campaign over");
        await admin.GetByTestId("confirm").ClickAsync();
        await Expect(card.GetByTestId("policy-source")).ToContainTextAsync("From configuration");
        await Expect(card.GetByTestId("policy-doubling")).ToHaveCountAsync(0);
    }
}
