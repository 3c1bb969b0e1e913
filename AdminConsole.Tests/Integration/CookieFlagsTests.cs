namespace AdminConsole.Tests.Integration;

/// <summary>
/// Outside Development every cookie is Secure and the sign-in cookie carries the __Host- prefix, even when the
/// request reaches the app over plain HTTP (TLS ends at the proxy). Read off real Set-Cookie headers through Kestrel.
/// </summary>
public sealed class CookieFlagsTests(ProxyKestrelAppFactory app) : IClassFixture<ProxyKestrelAppFactory>
{
    private static string[] Attributes(string setCookie) =>
        [.. setCookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant())];

    [Fact]
    public async Task The_sign_in_and_device_cookies_are_secure_host_cookies()
    {
        var email = await app.CreateUserAsync();
        using var client = app.SocketClient(ProxyKestrelAppFactory.Proxy);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/login")
        {
            Content = JsonContent.Create(new { email, password = TestPasswords.Good }),
        };
        request.Headers.Add("X-Forwarded-For", "203.0.113.70");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        var auth = Assert.Single(cookies, c => c.StartsWith("__Host-AdminConsole.Auth=", StringComparison.Ordinal));
        Assert.Contains("secure", Attributes(auth));
        Assert.Contains("httponly", Attributes(auth));
        Assert.Contains("path=/", Attributes(auth));
        Assert.DoesNotContain(Attributes(auth), a => a.StartsWith("domain=", StringComparison.Ordinal));
        var device = Assert.Single(cookies, c => c.StartsWith(KnownDevices.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("secure", Attributes(device));
        Assert.Contains("httponly", Attributes(device));
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_a_secure_host_cookie()
    {
        using var client = app.SocketClient(ProxyKestrelAppFactory.Proxy);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Add("X-Forwarded-For", "203.0.113.71");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-AdminConsole.Antiforgery=", StringComparison.Ordinal));
        Assert.Contains("secure", Attributes(antiforgery));
    }

    [Fact]
    public async Task A_page_over_plain_http_outside_development_says_https_is_required()
    {
        using var client = app.SocketClient("127.0.0.8");
        using var response = await client.GetAsync("/Account/Login", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("HTTPS", body);
        Assert.Contains("Network:TrustedProxies", body);
    }

    [Fact]
    public async Task Health_probes_over_plain_http_are_answered()
    {
        using var client = app.SocketClient("127.0.0.8");
        using var response = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
