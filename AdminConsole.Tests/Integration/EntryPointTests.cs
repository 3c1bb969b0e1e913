namespace AdminConsole.Tests.Integration;

/// <summary>Who lands where, and what anonymous callers get.</summary>
public sealed class EntryPointTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>A client signed in as a new SecurityAdmin (the tests' factory needs no second factor).</summary>
    private async Task<HttpClient> SignedInAdminAsync()
    {
        var client = app.Client();
        var email = await app.CreateUserAsync(role: AppRoles.SecurityAdmin);
        await client.LoginAsync(email, TestPasswords.Good);
        return client;
    }

    [Fact]
    public async Task An_anonymous_visit_to_the_console_redirects_to_sign_in()
    {
        var response = await app.Client().GetAsync("/admin", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task An_admin_reaches_the_console()
    {
        var client = await SignedInAdminAsync();

        var response = await client.GetAsync("/admin", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Security console", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_console_shows_the_version_and_the_sign_in_page_does_not()
    {
        var client = await SignedInAdminAsync();

        var console = await client.GetStringAsync("/admin", TestContext.Current.CancellationToken);
        var signIn = await app.Client().GetStringAsync("/Account/Login", TestContext.Current.CancellationToken);

        Assert.Contains($"AdminConsole {AppCommand.Version}", console);
        Assert.DoesNotContain(AppCommand.Version, signIn);
    }

    [Fact]
    public async Task A_user_without_a_console_role_is_denied_the_console()
    {
        var client = app.Client();
        var email = await app.CreateUserAsync();
        await client.LoginAsync(email, TestPasswords.Good);

        var response = await client.GetAsync("/admin", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_with_the_right_password()
    {
        var client = app.Client();
        var email = await app.CreateUserAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true)));

        var response = await client.LoginAsync(email, TestPasswords.Good);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    /// <remarks>
    /// A GET, also for the former POST endpoints: a path that is still mapped answers 405 to the wrong method,
    /// whereas a POST without an antiforgery token would be refused with 400 whether or not the path exists.
    /// </remarks>
    [Theory]
    [InlineData("/Account/ExternalLogin")]
    [InlineData("/Account/PerformExternalLogin")]
    [InlineData("/Account/Manage/ExternalLogins")]
    [InlineData("/Account/Manage/LinkExternalLogin")]
    public async Task No_external_login_route_exists_because_no_external_provider_is_registered(string path)
    {
        var client = app.Client();
        var email = await app.CreateUserAsync();
        await client.LoginAsync(email, TestPasswords.Good);

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
