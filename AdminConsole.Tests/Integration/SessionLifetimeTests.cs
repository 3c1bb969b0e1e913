namespace AdminConsole.Tests.Integration;

/// <summary>
/// Sessions end after an idle timeout and an absolute lifetime (OWASP session management; ASVS 4.0.3 3.3.2), shorter
/// for console roles. Defaults: users 30 minutes idle and 12 hours in all; console roles 15 minutes and 8 hours.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class SessionLifetimeTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<HttpClient> SignedInAsync(string? role = null)
    {
        var email = await app.CreateUserAsync(role: role);
        var client = app.AllowListedClient();
        using var signIn = await client.LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return client;
    }

    private static async Task<bool> IsSignedInAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/Account/Manage", TestContext.Current.CancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    [Fact]
    public async Task A_user_idle_past_the_timeout_is_signed_out()
    {
        var client = await SignedInAsync();
        app.Time.Advance(TimeSpan.FromMinutes(31));

        Assert.False(await IsSignedInAsync(client));
    }

    [Fact]
    public async Task A_user_active_within_the_timeout_stays_signed_in()
    {
        var client = await SignedInAsync();
        for (var i = 0; i < 6; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(20));
            Assert.True(await IsSignedInAsync(client), $"signed out after {(i + 1) * 20} active minutes");
        }
    }

    [Fact]
    public async Task An_active_user_signs_in_again_after_the_absolute_lifetime()
    {
        var client = await SignedInAsync();
        for (var minutes = 0; minutes < 12 * 60 - 20; minutes += 20)
        {
            app.Time.Advance(TimeSpan.FromMinutes(20));
            Assert.True(await IsSignedInAsync(client));
        }

        app.Time.Advance(TimeSpan.FromMinutes(25));
        Assert.False(await IsSignedInAsync(client));
    }

    [Fact]
    public async Task A_console_role_idle_past_its_shorter_timeout_is_signed_out()
    {
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);
        var user = await SignedInAsync();
        app.Time.Advance(TimeSpan.FromMinutes(16));

        using var stats = await admin.GetAsync("/api/admin/stats", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, stats.StatusCode);
        Assert.True(await IsSignedInAsync(user));
    }
}
