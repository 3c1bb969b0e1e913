namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// Kestrel behind the loopback trusted proxy of <see cref="ProxyKestrelAppFactory"/>, with the test Country and ASN
/// databases (<see cref="TestGeoDatabases"/>): a <see cref="ProxiedBrowser"/> names the address it stands for, and the
/// app places it.
/// </summary>
public sealed class GeoAppFactory : ProxyKestrelAppFactory
{
    public GeoAppFactory()
    {
        Settings["Geo:CountryDatabase"] = TestGeoDatabases.CountryPath;
        Settings["Geo:AsnDatabase"] = TestGeoDatabases.AsnPath;
    }

    /// <summary>A browser whose requests come through the proxy for <paramref name="address"/>.</summary>
    public HttpClient Browser(string address) => ProxiedBrowser.Create(this, address);

    /// <summary>A signed-in console user (an allow-listed, unplaced address) with <paramref name="role"/>.</summary>
    public async Task<HttpClient> ConsoleAsync(string role)
    {
        var browser = Browser($"198.51.100.{Random.Shared.Next(1, 250)}");
        var email = await CreateUserAsync(role: role);
        using var response = await browser.LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return browser;
    }
}
