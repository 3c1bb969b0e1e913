namespace AdminConsole.Tests.Integration;

/// <summary>Production-like hosts: no <c>AllowedHosts</c> configured, so only <c>App:PublicBaseUrl</c>'s host is answered.</summary>
public sealed class PublicHostOnlyAppFactory : ProxyKestrelAppFactory
{
    public PublicHostOnlyAppFactory()
    {
        Settings.Remove("AllowedHosts");
    }
}

/// <summary>
/// Outside Development the app answers only hosts named by <c>App:PublicBaseUrl</c> and <c>AllowedHosts</c>: a
/// forged <c>Host</c> header never reaches an absolute redirect. A browser that reached the app by its public name,
/// through Kestrel behind the trusted proxy over HTTPS, with nothing but <c>App:PublicBaseUrl</c> configured.
/// </summary>
public sealed class HostHeaderTests(PublicHostOnlyAppFactory app) : IClassFixture<PublicHostOnlyAppFactory>
{
    private const string Forged = "evil.example";

    private static readonly string PublicHost = new Uri(AppFactory.PublicBaseUrl).Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Browser() => ProxiedBrowser.Create(app, AppFactory.NewAddress(), PublicHost);

    private static void AssertNotSentThere(HttpResponseMessage response)
    {
        Assert.True((int)response.StatusCode < 500, $"answered {(int)response.StatusCode}");
        Assert.False(
            response.Headers.Location is { IsAbsoluteUri: true } location && location.Host.Contains(Forged, StringComparison.OrdinalIgnoreCase),
            $"redirected to {response.Headers.Location}");
    }

    [Fact]
    public async Task The_console_with_a_forged_host_is_refused_without_a_redirect_there()
    {
        using var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Host = Forged;

        using var response = await browser.SendAsync(request, Cancel);

        AssertNotSentThere(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/Account/ForgotPassword", "forgot-password", "Input.Email=someone%40example.com")]
    [InlineData("/Account/Register", "register", "Input.Email=host-forger%40example.com&Input.Password=a+long+enough+passphrase&Input.ConfirmPassword=a+long+enough+passphrase")]
    [InlineData("/Account/Login", "login", "Input.Email=someone%40example.com&Input.Password=whatever+it+is")]
    public async Task A_form_posted_with_a_forged_host_is_refused_without_a_redirect_there(string path, string form, string fields)
    {
        using var browser = Browser();
        var token = await browser.AntiforgeryTokenAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent($"_handler={form}&__RequestVerificationToken={Uri.EscapeDataString(token)}&{fields}", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Host = Forged;

        using var response = await browser.SendAsync(request, Cancel);

        AssertNotSentThere(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_console_on_the_public_host_sends_the_browser_to_sign_in_there()
    {
        using var browser = Browser();

        using var response = await browser.GetAsync("/admin", Cancel);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(PublicHost, response.Headers.Location?.Host);
    }

    [Fact]
    public async Task A_host_that_is_not_listed_is_refused_even_the_servers_own_address()
    {
        using var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Host = app.ServerAddress.Authority;

        using var response = await browser.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

/// <summary>Outside Development a wildcard host does not start, and the shipped settings name none.</summary>
public sealed class AllowedHostsStartupTests
{
    [Fact]
    public async Task Outside_development_a_wildcard_in_allowed_hosts_stops_the_start_and_names_the_key()
    {
        await using var app = new AppFactory();
        app.Settings["AllowedHosts"] = "*";

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("AllowedHosts", Messages(error));
        Assert.Contains("App:PublicBaseUrl", Messages(error));
    }

    [Fact]
    public void The_shipped_settings_allow_no_wildcard_host()
    {
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppProcess.AppFolder(), "appsettings.json")));

        Assert.False(settings.RootElement.TryGetProperty("AllowedHosts", out _));
    }

    private static string Messages(Exception e) =>
        e.Message + " " + (e is AggregateException a ? string.Join(" ", a.InnerExceptions.Select(Messages)) : e.InnerException is { } i ? Messages(i) : "");
}
