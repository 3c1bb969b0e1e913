using AdminConsole.Core.Audit;
using AdminConsole.Core.Dashboard;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// <c>Passwords:RequireChangeWhenCommon</c>: a correct password that is on the common-password list signs in only to
/// a forced change; the API issues nothing and says why; the dashboard counts it.
/// </summary>
public sealed class CommonPasswordSignInTests(SignalsAppFactory app) : IClassFixture<SignalsAppFactory>
{
    private const string Common = "qwertyuiop123";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<string> UserWithCommonPasswordAsync()
    {
        var email = await app.CreateUserAsync();
        await app.SetPasswordHashAsync(email, Common);
        return email;
    }

    [Fact]
    public async Task The_api_refuses_a_session_and_a_token_and_says_to_change_the_password()
    {
        var email = await UserWithCommonPasswordAsync();
        using var client = app.AllowListedClient();

        using var login = await client.LoginAsync(email, Common);
        using var token = await client.PostAsJsonAsync("/api/account/token", new { email, password = Common }, Cancel);
        using var me = await client.GetAsync("/api/account/sessions", Cancel);

        foreach (var response in new[] { login, token })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = await response.ProblemAsync();
            Assert.True(problem.GetProperty("passwordChangeRequired").GetBoolean());
            Assert.Contains("commonly used passwords", problem.GetProperty("detail").GetString());
            Assert.False(problem.TryGetProperty("accessToken", out _));
        }

        Assert.NotEqual(HttpStatusCode.OK, me.StatusCode); // no session was left behind
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordChangeRequired).SingleAsync(Cancel)));
        await using var scope = app.Services.CreateAsyncScope();
        var data = await scope.ServiceProvider.GetRequiredService<DashboardQueries>().GetAsync(DashboardRange.Day, Cancel);
        Assert.True(data.CommonPasswordSignInsLastDay >= 1);
        Assert.Equal(1, await app.WithDbAsync(db => db.SecurityEvents.CountAsync(e => e.Type == SecurityEventType.CommonPasswordSignIn && e.TargetUserName == email.ToUpperInvariant(), Cancel)));
    }

    [Fact]
    public async Task The_form_signs_in_only_to_the_change_password_page_until_the_password_is_changed()
    {
        var email = await UserWithCommonPasswordAsync();
        using var browser = app.AllowListedClient();

        using var signIn = await browser.PostFormAsync("/Account/Login", "login", $"Input.Email={Uri.EscapeDataString(email)}&Input.Password={Common}");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var manage = await browser.GetAsync("/Account/Manage", Cancel);
        using var api = await browser.GetAsync("/api/account/sessions", Cancel);
        using var page = await browser.GetAsync("/Account/Manage/ChangePassword?reason=common-password", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, manage.StatusCode);
        Assert.Equal("/Account/Manage/ChangePassword?reason=common-password", manage.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("commonly used passwords", await page.Content.ReadAsStringAsync(Cancel));

        // Routes that end in something like an extension are not static files: they stay behind the gate too.
        using var csv = await browser.GetAsync("/api/admin/attempts.csv", Cancel);
        using var dotted = await browser.GetAsync($"/admin/accounts/{Uri.EscapeDataString(email)}", Cancel);
        using var script = await browser.GetAsync("/js/sign-in-puzzle.js", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, csv.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, dotted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);

        using var change = await browser.PostFormAsync("/Account/Manage/ChangePassword", "change-password",
            $"Input.OldPassword={Common}&Input.NewPassword={Uri.EscapeDataString(TestPasswords.Good)}&Input.ConfirmPassword={Uri.EscapeDataString(TestPasswords.Good)}");
        using var after = await browser.GetAsync("/Account/Manage", Cancel);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordChangeRequired).SingleAsync(Cancel)));
    }
}
