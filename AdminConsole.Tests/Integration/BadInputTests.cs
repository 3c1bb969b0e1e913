using System.Net.Http.Headers;
using System.Text;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Bad input at every public door (the sign-in pages' form posts, the sign-in API, the admin API) gets a clear
/// answer, never a 500, and leaves the app working: a correct sign-in succeeds afterwards. Own host: it throws a
/// lot at one app.
/// </summary>
public sealed class BadInputTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string Long = new('a', 300);

    public static TheoryData<string, string> SignInBodies => new()
    {
        // name, raw JSON body
        { "lone high surrogate in the email", """{"email":"\ud800@example.com","password":"x"}""" },
        { "lone low surrogate in the email", """{"email":"a\udc00@example.com","password":"x"}""" },
        { "lone surrogate in the password", """{"email":"a@example.com","password":"\ud800"}""" },
        { "CR LF in the email", """{"email":"eve\r\n@example.com","password":"x"}""" },
        { "NEL in the email", """{"email":"eve\u0085@example.com","password":"x"}""" },
        { "line separator in the email", """{"email":"eve\u2028@example.com","password":"x"}""" },
        { "paragraph separator in the email", """{"email":"eve\u2029@example.com","password":"x"}""" },
        { "ESC in the email", """{"email":"eve\u001b[31m@example.com","password":"x"}""" },
        { "NUL in the email", """{"email":"eve\u0000@example.com","password":"x"}""" },
        { "C1 control in the email", """{"email":"eve\u009b@example.com","password":"x"}""" },
        { "over-long email", $$"""{"email":"{{Long}}@example.com","password":"x"}""" },
        { "over-long password", $$"""{"email":"a@example.com","password":"{{new string('p', 300)}}"}""" },
        { "email as a number", """{"email":5,"password":"x"}""" },
        { "email as an array", """{"email":["a@example.com"],"password":"x"}""" },
        { "email as an object", """{"email":{"a":1},"password":"x"}""" },
        { "password as a boolean", """{"email":"a@example.com","password":true}""" },
        { "missing password", """{"email":"a@example.com"}""" },
        { "empty object", "{}" },
        { "a JSON array", """[{"email":"a@example.com","password":"x"}]""" },
        { "a JSON string", "\"a@example.com\"" },
        { "JSON null", "null" },
        { "not JSON", "email=a@example.com&password=x" },
        { "truncated JSON", """{"email":"a@example.com","pass""" },
        { "deep nesting", new string('[', 2000) + new string(']', 2000) },
        { "a body over 8 KB", $$"""{"email":"a@example.com","password":"{{new string('p', 9000)}}"}""" },
        { "not an email", """{"email":"not an email","password":"x"}""" },
    };

    [Theory]
    [MemberData(nameof(SignInBodies))]
    public async Task The_sign_in_api_answers_bad_bodies_with_400(string name, string body)
    {
        using var client = app.AllowListedClient();

        using var response = await client.PostAsync("/api/account/login", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await SignInStillWorksAsync();
    }

    [Theory]
    [InlineData("invalid UTF-8 bytes", new byte[] { 0x7B, 0x22, 0x65, 0x6D, 0x61, 0x69, 0x6C, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D })]
    [InlineData("UTF-8 encoded surrogate (CESU)", new byte[] { 0x7B, 0x22, 0x65, 0x6D, 0x61, 0x69, 0x6C, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D })]
    [InlineData("UTF-16 body", new byte[] { 0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00 })]
    public async Task The_sign_in_api_answers_bodies_in_odd_encodings_with_400(string name, byte[] body)
    {
        using var client = app.AllowListedClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/api/account/login", content, TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
        await SignInStillWorksAsync();
    }

    [Fact]
    public async Task The_sign_in_api_says_which_field_holds_a_lone_surrogate()
    {
        using var client = app.AllowListedClient();

        using var response = await client.PostAsync(
            "/api/account/login",
            new StringContent("""{"email":"\ud800@example.com","password":"x"}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        var problem = await response.ProblemAsync();
        Assert.Contains("unpaired UTF-16 surrogate", problem.GetProperty("errors").GetProperty("email")[0].GetString());
    }

    [Fact]
    public async Task The_sign_in_api_refuses_a_control_character_in_the_email_without_counting_a_failure()
    {
        var email = await app.CreateUserAsync();
        using var client = app.AllowListedClient();

        using var response = await client.PostAsync(
            "/api/account/login",
            new StringContent($$"""{"email":"{{email}}\r\n","password":"x"}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        var problem = await response.ProblemAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("control characters", problem.GetProperty("errors").GetProperty("email")[0].GetString());
        Assert.Equal(0, await app.WithDbAsync(db => db.LoginAttempts.CountAsync(a => a.UserName.StartsWith(email.ToUpperInvariant()))));
    }

    public static TheoryData<string, string, string> FormPosts => new()
    {
        // page, form name, urlencoded fields after the token
        { "/Account/Login", "login", "Input.Email=eve%0D%0A%40example.com&Input.Password=x" },
        { "/Account/Login", "login", "Input.Email=eve%C2%85%40example.com&Input.Password=x" },
        { "/Account/Login", "login", "Input.Email=eve%E2%80%A8%40example.com&Input.Password=x" },
        { "/Account/Login", "login", "Input.Email=eve%1B%5B31m%40example.com&Input.Password=x" },
        { "/Account/Register", "register", "Input.Email=eve%0A%40example.com&Input.Password=long-enough-password-1&Input.ConfirmPassword=long-enough-password-1" },
        { "/Account/ForgotPassword", "forgot-password", "Input.Email=eve%E2%80%A9%40example.com" },
        { "/Account/ResendEmailConfirmation", "resend-email-confirmation", "Input.Email=eve%C2%9B%40example.com" },
    };

    [Theory]
    [MemberData(nameof(FormPosts))]
    public async Task A_form_post_with_control_characters_in_the_email_gets_a_validation_message(string page, string form, string fields)
    {
        using var client = app.AllowListedClient();

        using var response = await client.PostFormAsync(page, form, fields);

        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("cannot contain line breaks, tabs or other control characters", html);
        await SignInStillWorksAsync();
    }

    public static TheoryData<string, string, string> OddFormPosts => new()
    {
        { "/Account/Login", "login", $"Input.Email={Long}%40example.com&Input.Password=x" },
        { "/Account/Login", "login", "Input.Email=%ED%A0%80%40example.com&Input.Password=x" },
        { "/Account/Login", "login", "Input.Email=%FF%FE%40example.com&Input.Password=%ED%B0%80" },
        { "/Account/Login", "login", "Input.Email=a%40example.com&Input.Password=x&Input.RememberMe=perhaps" },
        { "/Account/Login", "login", "Input.Email=a%40example.com&Input.Password=x&Input.Email=b%40example.com" },
        { "/Account/Login", "login", "Input.Email=%25%25%25&Input.Password=%" },
        { "/Account/Register", "register", $"Input.Email={Long}%40example.com&Input.Password=long-enough-password-1&Input.ConfirmPassword=long-enough-password-1" },
        { "/Account/Register", "register", "Input.Email=a%40example.com&Input.Password=short&Input.ConfirmPassword=other" },
        { "/Account/ForgotPassword", "forgot-password", $"Input.Email={Long}%40example.com" },
        { "/Account/ForgotPassword", "forgot-password", "Input.Email=%ED%A0%80" },
        { "/Account/ResendEmailConfirmation", "resend-email-confirmation", "Input.Email=" },
    };

    [Theory]
    [MemberData(nameof(OddFormPosts))]
    public async Task A_form_post_with_odd_values_is_answered_without_a_server_error(string page, string form, string fields)
    {
        using var client = app.AllowListedClient();

        using var response = await client.PostFormAsync(page, form, fields);

        Assert.True((int)response.StatusCode < 500, $"{page} {fields}: {(int)response.StatusCode}");
        await SignInStillWorksAsync();
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_refused_with_400()
    {
        using var client = app.AllowListedClient();

        using var response = await client.PostAsync(
            "/Account/Login",
            new StringContent("_handler=login&Input.Email=a%40example.com&Input.Password=x", Encoding.UTF8, "application/x-www-form-urlencoded"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public static TheoryData<string, string> RuleBodies => new()
    {
        // name, raw JSON body of POST /api/admin/ip-rules
        { "Arabic-Indic digits", """{"network":"\u0661\u0669\u0662.\u0660.\u0662.\u0661","kind":"Deny","reason":"r"}""" },
        { "fullwidth digits", """{"network":"\uff11\uff19\uff12.\uff10.\uff12.\uff11","kind":"Deny","reason":"r"}""" },
        { "fullwidth prefix", """{"network":"192.0.2.0/\uff12\uff14","kind":"Deny","reason":"r"}""" },
        { "hex and short forms", """{"network":"0x7f.1","kind":"Deny","reason":"r"}""" },
        { "octal", """{"network":"0177.0.0.1","kind":"Deny","reason":"r"}""" },
        { "a port", """{"network":"[::1]:443","kind":"Deny","reason":"r"}""" },
        { "a zone index", """{"network":"fe80::1%eth0","kind":"Deny","reason":"r"}""" },
        { "a range too wide", """{"network":"10.0.0.0/8","kind":"Deny","reason":"r"}""" },
        { "IPv6 range too wide", """{"network":"2001:db8::/32","kind":"Deny","reason":"r"}""" },
        { "a prefix too long", """{"network":"192.0.2.1/33","kind":"Deny","reason":"r"}""" },
        { "a negative prefix", """{"network":"192.0.2.1/-1","kind":"Deny","reason":"r"}""" },
        { "a huge prefix", """{"network":"192.0.2.1/99999999999","kind":"Deny","reason":"r"}""" },
        { "host bits", """{"network":"192.0.2.1/24","kind":"Deny","reason":"r"}""" },
        { "a mapped range under /96", """{"network":"::ffff:10.0.0.0/95","kind":"Deny","reason":"r"}""" },
        { "a line break", """{"network":"192.0.2\n.1","kind":"Deny","reason":"r"}""" },
        { "a lone surrogate", """{"network":"192.0.2.1\ud800","kind":"Deny","reason":"r"}""" },
        { "an over-long network", $$"""{"network":"{{Long}}","kind":"Deny","reason":"r"}""" },
        { "no network", """{"kind":"Deny","reason":"r"}""" },
        { "network as a number", """{"network":3221225985,"kind":"Deny","reason":"r"}""" },
        { "an unknown kind", """{"network":"192.0.2.1","kind":"Maybe","reason":"r"}""" },
        { "a kind number out of range", """{"network":"192.0.2.1","kind":7,"reason":"r"}""" },
        { "kind as a boolean", """{"network":"192.0.2.1","kind":true,"reason":"r"}""" },
        { "no reason", """{"network":"192.0.2.1","kind":"Deny"}""" },
        { "an over-long reason", $$"""{"network":"192.0.2.1","kind":"Deny","reason":"{{new string('r', 600)}}"}""" },
        { "an expiry that is not a date", """{"network":"192.0.2.1","kind":"Deny","reason":"r","expiresAt":"tomorrow"}""" },
        { "an expiry in the past", """{"network":"192.0.2.1","kind":"Deny","reason":"r","expiresAt":"2020-01-01T00:00:00Z"}""" },
        { "an expiry before year 1 in UTC", """{"network":"192.0.2.1","kind":"Deny","reason":"r","expiresAt":"0001-01-01T00:00:00+14:00"}""" },
        { "an expiry as a number", """{"network":"192.0.2.1","kind":"Deny","reason":"r","expiresAt":1700000000}""" },
        { "not JSON", "network=192.0.2.1" },
        { "a JSON array", "[]" },
    };

    [Theory]
    [MemberData(nameof(RuleBodies))]
    public async Task The_admin_api_answers_bad_address_rules_with_400(string name, string body)
    {
        var admin = await AdminAsync();

        using var response = await admin.PostAsync("/api/admin/ip-rules", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        Assert.Empty(await app.WithDbAsync(db => db.IpRules.Where(r => r.Source == AdminConsole.Core.IpProtection.IpRuleSource.Manual).ToListAsync()));
        await SignInStillWorksAsync();
    }

    [Theory]
    [InlineData("GET", "/api/admin/accounts/{user}/attempts?page=-1", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/admin/accounts/{user}/attempts?page=abc", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/admin/accounts/{user}/attempts?page=99999999999", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/admin/accounts/{user}/attempts?page=2147483647", HttpStatusCode.OK)]
    [InlineData("GET", "/api/admin/accounts/nobody%0D%0A%40example.com/lockout", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/admin/accounts/%ED%A0%80/lockout", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/admin/ip-rules?includeEnded=perhaps", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/admin/attempts.csv?from=yesterday", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/admin/attempts.csv?from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/admin/attempts.csv?from=0001-01-01T00:00:00%2B14:00", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/admin/attempts.csv?outcome=Bogus", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/admin/attempts.csv?address=%D9%A1.%D9%A2.%D9%A3.%D9%A4", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/admin/attempts.csv?address=%EF%BC%91.2.3.4", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/admin/attempts.csv?address=10.0.0.0/99", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/admin/attempts.csv?address=0x7f.1", HttpStatusCode.BadRequest)]
    [InlineData("DELETE", "/api/admin/ip-rules/abc?reason=r", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/admin/ip-rules/99999999999999999999?reason=r", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/admin/ip-rules/987654321?reason=r", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/admin/accounts/{user}/unlock", HttpStatusCode.BadRequest)]
    public async Task The_admin_api_answers_odd_paths_and_queries_with_a_clear_status(string method, string path, HttpStatusCode expected)
    {
        var admin = await AdminAsync();
        var user = await app.CreateUserAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{user}", user, StringComparison.Ordinal));

        using var response = await admin.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        await SignInStillWorksAsync();
    }

    [Theory]
    [InlineData("""{"reason":5}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"reason":["a"]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"reason":"   "}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"reason":"\ud800"}""", HttpStatusCode.BadRequest)]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    public async Task The_admin_unlock_answers_bad_reasons_with_400(string body, HttpStatusCode expected)
    {
        var admin = await AdminAsync();
        var user = await app.CreateUserAsync();
        await app.AllowListedClient().FailTimesAsync(user, 5);

        using var response = await admin.PostAsync($"/api/admin/accounts/{user}/unlock", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == expected, $"{body}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        Assert.Equal(HttpStatusCode.Locked, (await app.AllowListedClient().LoginAsync(user, TestPasswords.Good)).StatusCode);
    }

    private HttpClient? admin;

    private async Task<HttpClient> AdminAsync()
    {
        if (admin is null)
        {
            var client = app.AllowListedClient();
            var email = await app.CreateUserAsync(role: AppRoles.SecurityAdmin);
            Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
            admin = client;
        }

        return admin;
    }

    /// <summary>The app still works: a fresh account signs in with its password.</summary>
    private async Task SignInStillWorksAsync()
    {
        var email = await app.CreateUserAsync();
        using var client = app.AllowListedClient();
        using var response = await client.LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
