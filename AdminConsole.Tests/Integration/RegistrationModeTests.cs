namespace AdminConsole.Tests.Integration;

/// <summary>
/// <c>Registration:Mode</c> through the pages: closed registration drops the sign-in page's "Create an account" link
/// and answers the register form for a new address exactly as for an address that has an account, so neither the
/// accounts nor the allowed domains can be found out; no account is made.
/// </summary>
public sealed class RegistrationModeTests
{
    private const string Password = "a long and unusual passphrase";

    /// <summary>A host with registration open only to <c>example.com</c>.</summary>
    public sealed class DomainsHost : AppFactory
    {
        public DomainsHost()
        {
            Settings["Registration:Mode"] = "Domains";
            Settings["Registration:AllowedDomains:0"] = "example.com";
        }
    }

    /// <summary>A host where only invitations make accounts.</summary>
    public sealed class InviteOnlyHost : AppFactory
    {
        public InviteOnlyHost() => Settings["Registration:Mode"] = "InviteOnly";
    }

    private static List<KeyValuePair<string, string>> Form(string email) =>
        [new("Input.Email", email), new("Input.Password", Password), new("Input.ConfirmPassword", Password)];

    private static async Task<string> SignInPageAsync(AppFactory app)
    {
        using var response = await app.AllowListedClient().GetAsync("/Account/Login", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Registers a taken and a new address and asserts the two answers are the same, apart from the address.</summary>
    private static async Task AssertAnsweredAsTakenAsync(AppFactory app, string newAddress)
    {
        var client = app.AllowListedClient();
        var taken = await app.CreateUserAsync();

        using var fromTaken = await client.PostFormAsync("/Account/Register", "register", Form(taken));
        using var fromNew = await client.PostFormAsync("/Account/Register", "register", Form(newAddress));

        Assert.Equal(HttpStatusCode.Redirect, fromNew.StatusCode);
        Assert.Equal(fromTaken.StatusCode, fromNew.StatusCode);
        Assert.Equal(fromTaken.ComparableLocation(taken), fromNew.ComparableLocation(newAddress));
        Assert.Equal(await fromTaken.ComparableBodyAsync(taken), await fromNew.ComparableBodyAsync(newAddress));
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == newAddress, TestContext.Current.CancellationToken)));
        Assert.Equal(0, await app.WithDbAsync(db => db.OutboxMails.CountAsync(m => m.To == newAddress, TestContext.Current.CancellationToken)));
    }

    public sealed class InviteOnly(InviteOnlyHost app) : IClassFixture<InviteOnlyHost>
    {
        [Fact]
        public async Task The_sign_in_page_offers_no_registration() =>
            Assert.DoesNotContain("Create an account", await SignInPageAsync(app));

        [Fact]
        public async Task Registering_a_new_address_answers_as_for_a_taken_one_and_makes_no_account() =>
            await AssertAnsweredAsTakenAsync(app, $"new-{Guid.NewGuid():N}@example.com");

        [Fact]
        public async Task The_register_page_itself_looks_as_when_registration_is_open()
        {
            await using var open = new AppFactory();
            using var closedPage = await app.AllowListedClient().GetAsync("/Account/Register", TestContext.Current.CancellationToken);
            using var openPage = await open.AllowListedClient().GetAsync("/Account/Register", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, closedPage.StatusCode);
            Assert.Equal(WithoutTokens(await openPage.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)),
                WithoutTokens(await closedPage.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
        }

        /// <summary>The page without what data protection makes anew for each answer (antiforgery token, component state).</summary>
        private static string WithoutTokens(string page) =>
            System.Text.RegularExpressions.Regex.Replace(page, "CfDJ8[A-Za-z0-9+/=_-]+", "protected");
    }

    public sealed class Domains(DomainsHost app) : IClassFixture<DomainsHost>
    {
        [Fact]
        public async Task The_sign_in_page_offers_registration() =>
            Assert.Contains("Create an account", await SignInPageAsync(app));

        [Fact]
        public async Task An_address_in_an_allowed_domain_gets_an_account_and_a_confirmation_mail()
        {
            var email = $"new-{Guid.NewGuid():N}@EXAMPLE.com";

            using var response = await app.AllowListedClient().PostFormAsync("/Account/Register", "register", Form(email));

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == email, TestContext.Current.CancellationToken)));
        }

        [Theory]
        [InlineData("example.org")]
        [InlineData("mail.example.com")]
        [InlineData("example.com.attacker.test")]
        public async Task An_address_outside_the_domains_is_answered_as_a_taken_one_and_gets_no_account(string domain) =>
            await AssertAnsweredAsTakenAsync(app, $"new-{Guid.NewGuid():N}@{domain}");
    }

    [Theory]
    [InlineData("Registration:Mode", "Domains", "Registration:AllowedDomains")]
    [InlineData("Registration:AllowedDomains:0", "@example.com", "Registration:AllowedDomains:0")]
    [InlineData("Registration:Mode", "Closed", "Registration:Mode")]
    public async Task A_bad_setting_stops_the_start_naming_its_key(string key, string value, string named)
    {
        await using var app = new AppFactory();
        app.Settings[key] = value;
        if (value == "@example.com")
        {
            app.Settings["Registration:Mode"] = "Domains";
        }

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains(named, error.ToString());
    }
}
