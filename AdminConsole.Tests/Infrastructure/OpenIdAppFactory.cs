using System.Security.Cryptography;
using System.Text.Json;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// The app on Kestrel behind a trusted TLS proxy, with three OpenID Connect clients from configuration: a public
/// single-page app, a confidential server app, and a public app that requires a second factor.
/// </summary>
public sealed class OpenIdAppFactory : KestrelAppFactory
{
    public const string PublicClient = "spa";
    public const string PublicRedirect = "http://127.0.0.1:5999/callback";
    public const string PublicPostLogout = "http://127.0.0.1:5999/signed-out";
    public const string ConfidentialClient = "backend";
    public const string ConfidentialSecret = "backend-secret-for-the-tests-0123456789";
    public const string ConfidentialRedirect = "https://app.example.test/signin-oidc";
    public const string TwoFactorClient = "mfa-app";
    public const string TwoFactorRedirect = "http://127.0.0.1:5998/callback";

    private static int nextBrowser;

    public OpenIdAppFactory()
    {
        foreach (var key in Settings.Keys.Where(k => k.StartsWith("Network:TrustedProxies", StringComparison.Ordinal)).ToList())
        {
            Settings.Remove(key);
        }

        Settings["Network:TrustedProxies:0"] = ProxyKestrelAppFactory.Proxy;
        Client(0, PublicClient, "public", null, PublicRedirect, "openid email profile roles offline_access");
        Settings["OpenId:Clients:0:PostLogoutRedirectUris:0"] = PublicPostLogout;
        Client(1, ConfidentialClient, "confidential", ConfidentialSecret, ConfidentialRedirect, "openid email offline_access");
        Client(2, TwoFactorClient, "public", null, TwoFactorRedirect, "openid");
        Settings["OpenId:Clients:2:RequireTwoFactor"] = "true";

        // The confidential client is told when a session it signed in to ends, on a loopback port.
        Settings["OpenId:Clients:1:BackChannelLogoutUri"] = BackChannel.Url;
        Settings["OpenId:AllowPrivateTargets"] = "true";
    }

    /// <summary>The confidential client's back-channel logout endpoint.</summary>
    public BackChannelReceiver BackChannel { get; } = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        BackChannel.Dispose();
    }

    private void Client(int n, string id, string type, string? secret, string redirect, string scopes)
    {
        var key = $"OpenId:Clients:{n}:";
        Settings[key + "ClientId"] = id;
        Settings[key + "DisplayName"] = $"Test {id}";
        Settings[key + "Type"] = type;
        Settings[key + "ClientSecret"] = secret;
        Settings[key + "RedirectUris:0"] = redirect;
        var i = 0;
        foreach (var scope in scopes.Split(' '))
        {
            Settings[key + $"Scopes:{i++}"] = scope;
        }
    }

    /// <summary>A browser (or a relying party's back end) with its own address, reaching the app through the proxy.</summary>
    public HttpClient Browser(string? address = null) =>
        new(new ProxiedBrowser(address ?? $"203.0.113.{Interlocked.Increment(ref nextBrowser) % 250 + 1}")) { BaseAddress = ServerAddress };

    /// <summary>A PKCE verifier and its S256 challenge.</summary>
    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(string clientId, string redirectUri, string? challenge, string scope = "openid email roles offline_access", string extra = "") =>
        $"/connect/authorize?response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString(redirectUri)}&scope={Uri.EscapeDataString(scope)}&state=st8"
        + (challenge is null ? "" : $"&code_challenge={challenge}&code_challenge_method=S256") + extra;

    /// <summary>
    /// Follows an authorize request through the sign-in page when it sends there (posting the form with
    /// <paramref name="email"/>), and returns the redirect to the client.
    /// </summary>
    public static async Task<Uri> AuthorizeAsync(HttpClient browser, string authorizeUrl, string email, string password = TestPasswords.Good)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var first = await browser.GetAsync(authorizeUrl, cancel);
        var location = Resolve(browser, first);
        if (location.AbsolutePath.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase))
        {
            using var signIn = await browser.PostFormAsync(location.PathAndQuery, "login",
                [new("Input.Email", email), new("Input.Password", password)]);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            using var again = await browser.GetAsync(Resolve(browser, signIn), cancel);
            location = Resolve(browser, again);
        }

        return location;
    }

    /// <summary>The code of a redirect to the client (asserting there is one).</summary>
    public static string CodeOf(Uri redirect)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(redirect.Query);
        Assert.True(query.ContainsKey("code"), $"No code in {redirect}");
        Assert.Equal("st8", query["state"].ToString());
        return query["code"].ToString();
    }

    public static Task<HttpResponseMessage> TokenAsync(HttpClient client, params (string Name, string? Value)[] fields) =>
        client.PostAsync("/connect/token", new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => KeyValuePair.Create(f.Name, f.Value!))), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> RedeemAsync(HttpClient client, string code, string verifier, string clientId = PublicClient, string redirectUri = PublicRedirect, string? secret = null) =>
        TokenAsync(client, ("grant_type", "authorization_code"), ("code", code), ("code_verifier", verifier), ("client_id", clientId), ("redirect_uri", redirectUri), ("client_secret", secret));

    public static Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken, string clientId = PublicClient, string? secret = null) =>
        TokenAsync(client, ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", clientId), ("client_secret", secret));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

    /// <summary>A whole sign-in of a new account for the public client: the browser, the account and the token answer.</summary>
    public async Task<(HttpClient Browser, string Email, JsonElement Tokens)> SignedInAsync(string scope = "openid email roles offline_access")
    {
        var email = await CreateUserAsync();
        var browser = Browser();
        var (verifier, challenge) = Pkce();
        var code = CodeOf(await AuthorizeAsync(browser, AuthorizeUrl(PublicClient, PublicRedirect, challenge, scope), email));
        using var tokens = await RedeemAsync(browser, code, verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        return (browser, email, await JsonAsync(tokens));
    }

    private static Uri Resolve(HttpClient client, HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Expected a redirect, got {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        return LocationOf(client, response);
    }

    /// <summary>
    /// Where a response sends the browser: absolute, and on this server's plain-HTTP address when it points at the
    /// app (the app sees HTTPS through the proxy, so its own absolute links say https).
    /// </summary>
    public static Uri LocationOf(HttpClient client, HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"No Location in a {(int)response.StatusCode} answer.");
        var server = client.BaseAddress!;
        if (!location.IsAbsoluteUri)
        {
            return new Uri(server, location);
        }

        return location.Host == server.Host && location.Port == server.Port ? new Uri(server, location.PathAndQuery) : location;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
