namespace AdminConsole.Tests.Integration;

/// <summary>
/// ASVS 6.3.8 on the self-service pages: an address with an account and one without get the same status, the same
/// redirect and the same page, apart from the address typed.
/// </summary>
public sealed class AccountPagesEnumerationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string NewPassword = "a long and unusual passphrase";

    private static string Unknown() => $"nobody-{Guid.NewGuid():N}@example.com";

    private static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    private static async Task AssertAlikeAsync(HttpResponseMessage known, string knownEmail, HttpResponseMessage unknown, string unknownEmail)
    {
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(known.ComparableLocation(knownEmail), unknown.ComparableLocation(unknownEmail));
        Assert.Equal(await known.ComparableBodyAsync(knownEmail), await unknown.ComparableBodyAsync(unknownEmail));
    }

    private static List<KeyValuePair<string, string>> Registration(string email, string password) =>
        [Field("Input.Email", email), Field("Input.Password", password), Field("Input.ConfirmPassword", password)];

    [Fact]
    public async Task Registering_a_taken_address_answers_like_registering_a_new_one()
    {
        var client = app.AllowListedClient();
        var known = await app.CreateUserAsync();
        var unknown = Unknown();

        using var fromKnown = await client.PostFormAsync("/Account/Register", "register", Registration(known, NewPassword));
        using var fromUnknown = await client.PostFormAsync("/Account/Register", "register", Registration(unknown, NewPassword));

        Assert.Equal(HttpStatusCode.Redirect, fromKnown.StatusCode);
        await AssertAlikeAsync(fromKnown, known, fromUnknown, unknown);
    }

    [Fact]
    public async Task A_refused_password_is_refused_alike_for_a_taken_and_a_new_address()
    {
        var client = app.AllowListedClient();
        var known = await app.CreateUserAsync();
        var unknown = Unknown();

        using var fromKnown = await client.PostFormAsync("/Account/Register", "register", Registration(known, "iloveyou1234"));
        using var fromUnknown = await client.PostFormAsync("/Account/Register", "register", Registration(unknown, "iloveyou1234"));

        Assert.Equal(HttpStatusCode.OK, fromKnown.StatusCode);
        Assert.Contains("commonly used passwords", await fromKnown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await AssertAlikeAsync(fromKnown, known, fromUnknown, unknown);
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == unknown, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task The_register_confirmation_page_is_the_same_for_a_taken_and_a_new_address()
    {
        var client = app.AllowListedClient();
        var known = await app.CreateUserAsync();
        var unknown = Unknown();

        using var fromKnown = await client.GetAsync($"/Account/RegisterConfirmation?email={Uri.EscapeDataString(known)}", TestContext.Current.CancellationToken);
        using var fromUnknown = await client.GetAsync($"/Account/RegisterConfirmation?email={Uri.EscapeDataString(unknown)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, fromKnown.StatusCode);
        await AssertAlikeAsync(fromKnown, known, fromUnknown, unknown);
        Assert.DoesNotContain("ConfirmEmail", await fromKnown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Forgot_password_answers_alike_for_known_and_unknown_addresses()
    {
        var client = app.AllowListedClient();
        var known = await app.CreateUserAsync();
        var unknown = Unknown();

        using var fromKnown = await client.PostFormAsync("/Account/ForgotPassword", "forgot-password", [Field("Input.Email", known)]);
        using var fromUnknown = await client.PostFormAsync("/Account/ForgotPassword", "forgot-password", [Field("Input.Email", unknown)]);

        Assert.Equal(HttpStatusCode.Redirect, fromKnown.StatusCode);
        await AssertAlikeAsync(fromKnown, known, fromUnknown, unknown);
    }

    [Fact]
    public async Task A_wrong_reset_code_answers_alike_for_known_and_unknown_addresses()
    {
        var client = app.AllowListedClient();
        var known = await app.CreateUserAsync();
        var unknown = Unknown();
        var path = $"/Account/ResetPassword?code={AccountCode.Encode("CfDJ8 not a token anyone issued")}";

        using var fromKnown = await client.PostFormAsync(path, "reset-password", Registration(known, NewPassword));
        using var fromUnknown = await client.PostFormAsync(path, "reset-password", Registration(unknown, NewPassword));

        Assert.Equal(HttpStatusCode.Redirect, fromKnown.StatusCode);
        Assert.EndsWith("Account/InvalidPasswordReset", fromKnown.Headers.Location?.OriginalString);
        await AssertAlikeAsync(fromKnown, known, fromUnknown, unknown);
    }

    [Fact]
    public async Task Resending_the_confirmation_answers_alike_for_unconfirmed_and_unknown_addresses()
    {
        var client = app.AllowListedClient();
        var known = await app.CreateUserAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == known)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, false), TestContext.Current.CancellationToken));
        var unknown = Unknown();

        using var fromKnown = await client.PostFormAsync("/Account/ResendEmailConfirmation", "resend-email-confirmation", [Field("Input.Email", known)]);
        using var fromUnknown = await client.PostFormAsync("/Account/ResendEmailConfirmation", "resend-email-confirmation", [Field("Input.Email", unknown)]);

        Assert.Equal(HttpStatusCode.Redirect, fromKnown.StatusCode);
        await AssertAlikeAsync(fromKnown, known, fromUnknown, unknown);
        var mail = await app.WithDbAsync(db => db.OutboxMails.SingleAsync(m => m.To == known, TestContext.Current.CancellationToken));
        Assert.Equal("ConfirmEmail", mail.Kind);
    }
}
