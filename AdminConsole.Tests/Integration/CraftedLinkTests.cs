namespace AdminConsole.Tests.Integration;

/// <summary>
/// Links anyone can craft, followed by a real browser's requests through Kestrel behind the trusted proxy: return URLs
/// that are not local, every public account page opened out of order, forms posted without their antiforgery token
/// or with a stale one. Never a 5xx, never a <c>Location</c> off this site, and a correct sign-in still works after.
/// </summary>
public sealed class CraftedLinkTests(ProxyKestrelAppFactory app) : IClassFixture<ProxyKestrelAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Return URLs as written in a query string (so <c>%2F%2F</c> arrives as <c>//</c>).</summary>
    public static readonly string[] NonLocalUrls =
    [
        "//evil.example",
        "%2F%2Fevil.example",
        "/%5Cevil.example",
        "%5C%5Cevil.example",
        "javascript:alert(1)",
        "https://evil.example",
        "%20/x",
        "%20//evil.example",
        "/%09/evil.example",
    ];

    public static readonly TheoryData<string> NonLocal = new(NonLocalUrls);

    /// <summary>The non-local ones and one encoded twice, which arrives as <c>%2F%2Fevil.example</c>: a path on this site.</summary>
    public static readonly string[] Crafted = [.. NonLocalUrls, "%252F%252Fevil.example"];

    /// <summary>Every page under Components/Account/Pages that answers without a session.</summary>
    public static readonly string[] PublicPages =
    [
        "/Account/AccessDenied", "/Account/ConfirmEmail", "/Account/ConfirmEmailChange", "/Account/ForgotPassword",
        "/Account/ForgotPasswordConfirmation", "/Account/InvalidPasswordReset", "/Account/InvalidUser", "/Account/Login",
        "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Account/Register", "/Account/RegisterConfirmation",
        "/Account/ResendEmailConfirmation", "/Account/ResetPassword", "/Account/ResetPasswordConfirmation",
        "/Account/Manage", "/Account/Manage/Sessions", "/Account/Manage/TwoFactorAuthentication", "/admin",
    ];

    /// <summary>
    /// Every form those pages post, by page and form name, with plausible fields; <c>Renders</c> when the page shows
    /// its form to a browser that opens it cold (the two-factor pages send it to sign in first).
    /// </summary>
    public static readonly (string Path, string Form, string Fields, bool Renders)[] Forms =
    [
        ("/Account/Login", "login", "Input.Email=someone%40example.com&Input.Password=whatever", true),
        ("/Account/LoginWith2fa", "login-with-2fa", "Input.TwoFactorCode=123456", false),
        ("/Account/LoginWithRecoveryCode", "login-with-recovery-code", "Input.RecoveryCode=abc", false),
        ("/Account/Register", "register", "Input.Email=crafted%40example.com&Input.Password=a+long+enough+passphrase&Input.ConfirmPassword=a+long+enough+passphrase", true),
        ("/Account/ForgotPassword", "forgot-password", "Input.Email=someone%40example.com", true),
        ("/Account/ResendEmailConfirmation", "resend-email-confirmation", "Input.Email=someone%40example.com", true),
        ("/Account/ResetPassword?code=bm90LWEtY29kZQ", "reset-password", "Input.Email=someone%40example.com&Input.Password=a+long+enough+passphrase&Input.ConfirmPassword=a+long+enough+passphrase&Input.Code=bm90LWEtY29kZQ", true),
        ("/Account/Logout", "", "", false),
        ("/Account/PasskeyRequestOptions", "", "", false),
        ("/Account/PasskeyCreationOptions", "", "", false),
    ];

    private HttpClient Browser() => ProxiedBrowser.Create(app, AppFactory.NewAddress());

    /// <summary>Never a server error, and a redirect only to this site (the server's own host or App:PublicBaseUrl's).</summary>
    private void AssertSafe(HttpResponseMessage response, string what)
    {
        Assert.True((int)response.StatusCode < 500, $"{what} answered {(int)response.StatusCode}.");
        if (response.Headers.Location is not { } location)
        {
            return;
        }

        var target = location.IsAbsoluteUri ? location : new Uri(app.ServerAddress, location);
        Assert.True(target.Scheme is "http" or "https", $"{what} redirected to {location}.");
        Assert.True(target.Host == app.ServerAddress.Host || target.Host == new Uri(AppFactory.PublicBaseUrl).Host, $"{what} redirected off-site to {location}.");
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient browser, string email, string returnUrl) =>
        await browser.PostFormAsync($"/Account/Login?ReturnUrl={returnUrl}", "login",
            $"Input.Email={Uri.EscapeDataString(email)}&Input.Password={Uri.EscapeDataString(TestPasswords.Good)}");

    private async Task<HttpClient> SignedInBrowserAsync()
    {
        var email = await app.CreateUserAsync();
        var browser = Browser();
        using var signedIn = await PostLoginAsync(browser, email, "%2FAccount%2FManage");
        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        return browser;
    }

    [Theory]
    [MemberData(nameof(NonLocal))]
    public async Task A_non_local_return_url_on_the_sign_in_form_is_dropped_and_the_sign_in_works(string returnUrl)
    {
        var email = await app.CreateUserAsync();
        using var browser = Browser();

        using var form = await browser.GetAsync($"/Account/Login?ReturnUrl={returnUrl}", Cancel);
        using var signedIn = await PostLoginAsync(browser, email, returnUrl);

        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        AssertSafe(signedIn, $"sign-in with ReturnUrl={returnUrl}");
        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        Assert.Equal("/Account/Manage", PathOf(signedIn));
    }

    [Fact]
    public async Task A_return_url_encoded_twice_stays_a_path_on_this_site()
    {
        var email = await app.CreateUserAsync();
        using var browser = Browser();

        using var signedIn = await PostLoginAsync(browser, email, "%252F%252Fevil.example");

        AssertSafe(signedIn, "sign-in with a return URL encoded twice");
        Assert.Equal("/%2F%2Fevil.example", PathOf(signedIn));
    }

    [Fact]
    public async Task A_local_return_url_is_where_the_sign_in_lands()
    {
        var email = await app.CreateUserAsync();
        using var browser = Browser();

        using var signedIn = await PostLoginAsync(browser, email, "%2FAccount%2FManage%2FSessions%3Ftab%3D1");

        Assert.Equal("/Account/Manage/Sessions?tab=1", new Uri(app.ServerAddress, signedIn.Headers.Location!).PathAndQuery);
    }

    [Theory]
    [InlineData("/Account/LoginWith2fa")]
    [InlineData("/Account/LoginWithRecoveryCode")]
    public async Task A_two_factor_page_without_a_pending_sign_in_sends_the_browser_to_sign_in(string path)
    {
        using var browser = Browser();

        using var opened = await browser.GetAsync($"{path}?ReturnUrl=//evil.example", Cancel);

        Assert.Equal(HttpStatusCode.Found, opened.StatusCode);
        Assert.Equal("/Account/Login", PathOf(opened));
    }

    [Fact]
    public async Task A_sign_out_without_its_antiforgery_token_is_refused_and_the_session_stays()
    {
        using var browser = await SignedInBrowserAsync();

        using var signOut = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent([new("ReturnUrl", "/")]), Cancel);
        using var manage = await browser.GetAsync("/Account/Manage", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, manage.StatusCode);
    }

    [Theory]
    [InlineData("//evil")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public async Task A_sign_out_with_a_non_local_return_url_signs_out_and_goes_to_sign_in(string returnUrl)
    {
        using var browser = await SignedInBrowserAsync();
        var token = await browser.AntiforgeryTokenAsync("/Account/Manage");

        using var signOut = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("ReturnUrl", returnUrl)]), Cancel);
        using var manage = await browser.GetAsync("/Account/Manage", Cancel);

        AssertSafe(signOut, $"sign-out with ReturnUrl={returnUrl}");
        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.Equal("/Account/Login", PathOf(signOut));
        Assert.Equal(HttpStatusCode.Found, manage.StatusCode); // signed out: sent to sign in
    }

    [Fact]
    public async Task The_console_sign_out_button_lands_on_the_sign_in_page()
    {
        using var browser = await SignedInBrowserAsync();
        var token = await browser.AntiforgeryTokenAsync("/Account/Manage");

        using var signOut = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("ReturnUrl", "Account/Login")]), Cancel); // as MainLayout's form sends it

        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.Equal("/Account/Login", PathOf(signOut));
    }

    [Fact]
    public async Task Every_public_page_opened_out_of_order_or_with_a_non_local_return_url_answers_safely()
    {
        foreach (var page in PublicPages)
        {
            using var browser = Browser();
            using var bare = await browser.GetAsync(page, Cancel);
            AssertSafe(bare, page);
            foreach (var returnUrl in Crafted)
            {
                var url = $"{page}?ReturnUrl={returnUrl}&returnUrl={returnUrl}&userId=x&code=x&email={returnUrl}";
                using var crafted = await browser.GetAsync(url, Cancel);
                AssertSafe(crafted, url);
            }
        }
    }

    [Fact]
    public async Task Every_form_posted_without_a_token_or_with_a_stale_one_or_a_non_local_return_url_answers_safely_and_sign_in_still_works()
    {
        var email = await app.CreateUserAsync();
        foreach (var (path, form, fields, renders) in Forms)
        {
            foreach (var returnUrl in Crafted)
            {
                var target = $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}ReturnUrl={returnUrl}";
                using var browser = Browser();
                using var missing = await browser.PostAsync(target, Form($"_handler={form}&{fields}&ReturnUrl={returnUrl}"), Cancel);
                AssertSafe(missing, $"{target} without a token");

                // A token handed to another browser: its cookie is not this browser's.
                using var other = Browser();
                var stale = await other.AntiforgeryTokenAsync("/Account/Login");
                using var staleAnswer = await browser.PostAsync(target, Form($"_handler={form}&__RequestVerificationToken={Uri.EscapeDataString(stale)}&{fields}&ReturnUrl={returnUrl}"), Cancel);
                AssertSafe(staleAnswer, $"{target} with a stale token");

                if (renders)
                {
                    using var valid = await browser.PostFormAsync(target, form, $"{fields}&ReturnUrl={returnUrl}");
                    AssertSafe(valid, $"{target} with a valid token");
                }
            }
        }

        using var after = Browser();
        using var signedIn = await PostLoginAsync(after, email, "%2F%2Fevil.example");
        AssertSafe(signedIn, "the sign-in after");
        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        Assert.Equal("/Account/Manage", PathOf(signedIn));
    }

    /// <summary>The path a redirect leads to on this site.</summary>
    private string? PathOf(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? (location.IsAbsoluteUri ? location : new Uri(app.ServerAddress, location)).AbsolutePath : null;

    private static StringContent Form(string body) => new(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
}
