namespace AdminConsole.Tests.Integration;

/// <summary>Response headers, read off real answers through Kestrel behind the trusted proxy over HTTPS.</summary>
public sealed class SecurityHeadersTests(ProxyKestrelAppFactory app) : IClassFixture<ProxyKestrelAppFactory>
{
    private async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var client = app.SocketClient(ProxyKestrelAppFactory.Proxy);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", "203.0.113.80");
        request.Headers.Add("X-Forwarded-Proto", "https");
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        string.Join(", ", response.Headers.TryGetValues(name, out var values) ? values : []);

    [Fact]
    public async Task Pages_send_a_script_policy_that_allows_only_this_origin()
    {
        using var response = await GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.Contains("form-action 'self'", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
    }

    [Fact]
    public async Task A_page_whose_link_carries_a_token_sends_no_referrer()
    {
        using var response = await GetAsync("/Account/ResetPassword?code=abc");

        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task The_page_carries_no_inline_script()
    {
        using var response = await GetAsync("/Account/Login");
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", html);
    }

    [Fact]
    public async Task Api_answers_carry_the_headers_too()
    {
        using var client = app.SocketClient(ProxyKestrelAppFactory.Proxy);
        using var response = await client.PostAsJsonAsync("/api/account/login", new { email = "x", password = "y" }, TestContext.Current.CancellationToken);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Contains("default-src 'self'", Header(response, "Content-Security-Policy"));
    }
}
