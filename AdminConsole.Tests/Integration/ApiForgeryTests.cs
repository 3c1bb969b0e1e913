using System.Net.Http.Headers;
using System.Text.Json;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// SameSite=Lax lets a page on the same site (another port, a sibling subdomain) post with the sign-in cookie. A
/// cookie-authenticated API call that changes state therefore needs a JSON body, an antiforgery token, or to come
/// from this origin (<c>Sec-Fetch-Site: same-origin</c> or a matching <c>Origin</c>); bearer calls are not cookies.
/// Real sockets through Kestrel, the cookie sent as a browser on the sibling origin would send it.
/// </summary>
public sealed class ApiForgeryTests(NoProxyKestrelAppFactory app) : IClassFixture<NoProxyKestrelAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The sibling origin an attacker's page runs on: the same host, another port.</summary>
    private string SiblingOrigin => $"http://{app.ServerAddress.Host}:{app.ServerAddress.Port + 1}";

    public static readonly TheoryData<string, string?> ForgeableBodies = new()
    {
        { "/api/account/sessions/sign-out-others", "application/x-www-form-urlencoded" },
        { "/api/account/sessions/sign-out-others", "text/plain" },
        { "/api/account/sessions/sign-out-others", null },
        { "/api/account/sessions/sign-out-all", "text/plain" },
        { "/api/admin/notifications/read-all", "application/x-www-form-urlencoded" },
        { "/api/admin/notifications/read-all", "text/plain" },
        { "/api/admin/notifications/1/read", "multipart/form-data; boundary=x" },
        { "/api/admin/webhooks/deliveries/1/retry", "text/plain" },
        { "/api/admin/webhooks/deliveries/1/retry", null },
    };

    /// <summary>Signs in over the API; the cookies are kept by hand (Secure cookies over plain-HTTP loopback).</summary>
    private async Task<string> CookieAsync(string email)
    {
        using var client = app.SocketClient();
        using var response = await client.LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    private async Task<HttpResponseMessage> PostAsync(string cookie, string path, string? contentType, Action<HttpRequestMessage>? headers = null)
    {
        using var client = app.SocketClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("Cookie", cookie);
        if (contentType is not null)
        {
            request.Content = new StringContent(contentType.StartsWith("multipart", StringComparison.Ordinal) ? "--x--" : "a=b");
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        headers?.Invoke(request);
        return await client.SendAsync(request, Cancel);
    }

    [Theory]
    [MemberData(nameof(ForgeableBodies))]
    public async Task A_cookie_call_from_a_sibling_origin_without_json_is_refused(string path, string? contentType)
    {
        var cookie = await CookieAsync(await app.CreateUserAsync(role: AppRoles.SecurityAdmin));

        using var forged = await PostAsync(cookie, path, contentType, r =>
        {
            r.Headers.Add("Origin", SiblingOrigin);
            r.Headers.Add("Sec-Fetch-Site", "same-site");
        });

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        var problem = await forged.ProblemAsync();
        Assert.Equal("This request must come from the console itself.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_forged_sign_out_of_other_sessions_leaves_them_open()
    {
        var email = await app.CreateUserAsync();
        var victim = await CookieAsync(email);
        var other = await CookieAsync(email);

        using var forged = await PostAsync(victim, "/api/account/sessions/sign-out-others", "text/plain", r => r.Headers.Add("Origin", SiblingOrigin));
        using var client = app.SocketClient();
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/account/me");
        me.Headers.Add("Cookie", other);
        using var stillOpen = await client.SendAsync(me, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);
    }

    [Fact]
    public async Task A_form_post_without_origin_headers_is_refused_too()
    {
        var cookie = await CookieAsync(await app.CreateUserAsync(role: AppRoles.SecurityViewer));

        using var forged = await PostAsync(cookie, "/api/admin/notifications/read-all", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public async Task The_same_call_from_this_origin_or_with_json_goes_through()
    {
        var cookie = await CookieAsync(await app.CreateUserAsync(role: AppRoles.SecurityViewer));
        var origin = app.ServerAddress.GetLeftPart(UriPartial.Authority);

        using var fetchMetadata = await PostAsync(cookie, "/api/admin/notifications/read-all", null, r => r.Headers.Add("Sec-Fetch-Site", "same-origin"));
        using var sameOrigin = await PostAsync(cookie, "/api/admin/notifications/read-all", "text/plain", r => r.Headers.Add("Origin", origin));
        using var json = await PostAsync(cookie, "/api/admin/notifications/read-all", "application/json", r =>
        {
            r.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            r.Headers.Add("Origin", SiblingOrigin);
        });

        Assert.Equal(HttpStatusCode.OK, fetchMetadata.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
    }

    [Fact]
    public async Task A_same_origin_webhook_retry_reaches_the_endpoint()
    {
        var cookie = await CookieAsync(await app.CreateUserAsync(role: AppRoles.SecurityAdmin));

        using var retry = await PostAsync(cookie, "/api/admin/webhooks/deliveries/999999/retry", null, r => r.Headers.Add("Sec-Fetch-Site", "same-origin"));

        Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
    }

    [Fact]
    public async Task A_bearer_call_needs_no_origin_and_no_json()
    {
        var email = await app.CreateUserAsync();
        using var client = app.SocketClient();
        using var issued = await client.PostAsJsonAsync("/api/account/token", new { email, password = TestPasswords.Good }, Cancel);
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("accessToken").GetString();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/sessions/sign-out-others");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Origin", SiblingOrigin);
        using var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
