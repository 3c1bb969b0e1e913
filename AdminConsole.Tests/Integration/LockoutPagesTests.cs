namespace AdminConsole.Tests.Integration;

/// <summary>What the console shows of the lockout limits: the Policy page and an account's detail page.</summary>
public sealed class LockoutPagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<HttpClient> ViewerAsync()
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync(role: AppRoles.SecurityViewer);
        using var signedIn = await client.LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task The_policy_page_shows_the_failure_window_and_the_consecutive_failure_limit()
    {
        var viewer = await ViewerAsync();

        var html = await viewer.GetStringAsync("/admin/policy", TestContext.Current.CancellationToken);

        Assert.Contains("Failures are forgotten after <b>1 day</b>", html);
        Assert.Contains("<b>100</b> consecutive failures since the last successful sign-in lock until an admin unlocks", html);
    }

    [Fact]
    public async Task The_account_page_shows_the_consecutive_failures()
    {
        var email = await app.CreateUserAsync();
        using var owner = app.AllowListedClient();
        await owner.FailTimesAsync(email, 3);
        app.Time.Advance(TimeSpan.FromHours(25));
        await owner.FailTimesAsync(email, 2);
        var viewer = await ViewerAsync();

        var html = await viewer.GetStringAsync($"/admin/accounts/{Uri.EscapeDataString(email)}", TestContext.Current.CancellationToken);

        Assert.Contains("2 failures counted", html);
        Assert.Contains("5 consecutive failures since the last sign-in", html);
    }
}
