using System.Text.Json;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Every attempt is stored with where its address is, on Kestrel behind a trusted loopback proxy that forwards the
/// client's address, and the attempts API and export filter by country.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class AttemptLocationTests(GeoAppFactory app) : IClassFixture<GeoAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Someone() => $"geo-{Guid.NewGuid():N}@example.com";

    private Task<LoginAttempt> StoredAsync(string name) =>
        app.WithDbAsync(db => db.LoginAttempts.AsNoTracking().SingleAsync(a => a.UserName == name.ToUpperInvariant()));

    [Fact]
    public async Task An_attempt_from_a_forwarded_ipv4_address_is_stored_with_its_country_and_network()
    {
        var name = Someone();

        using var response = await app.Browser(TestGeoDatabases.FranceAddress).LoginAsync(name, TestPasswords.Wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var attempt = await StoredAsync(name);
        Assert.Equal((TestGeoDatabases.FranceAddress, "FR", 64500, "Example Transit FR"), (attempt.Address, attempt.Country, attempt.Asn, attempt.AsnOrganization));
    }

    [Fact]
    public async Task An_attempt_from_a_forwarded_ipv6_address_is_stored_with_its_country_and_network()
    {
        var name = Someone();

        using var _ = await app.Browser(TestGeoDatabases.GermanyAddress).LoginAsync(name, TestPasswords.Wrong);

        var attempt = await StoredAsync(name);
        Assert.Equal(("DE", 64502), (attempt.Country, attempt.Asn));
    }

    [Fact]
    public async Task An_attempt_from_a_private_address_has_no_location_though_the_database_places_it()
    {
        var name = Someone();

        using var _ = await app.Browser(TestGeoDatabases.PrivateAddress).LoginAsync(name, TestPasswords.Wrong);

        var attempt = await StoredAsync(name);
        Assert.Equal((TestGeoDatabases.PrivateAddress, null, null), (attempt.Address, attempt.Country, attempt.Asn));
    }

    [Fact]
    public async Task The_attempts_api_and_the_export_filter_by_country_and_show_the_location()
    {
        var name = Someone();
        using (var _ = await app.Browser(TestGeoDatabases.FranceAddress).LoginAsync(name, TestPasswords.Wrong))
        using (var __ = await app.Browser(TestGeoDatabases.JapanAddress).LoginAsync(name, TestPasswords.Wrong))
        using (var ___ = await app.Browser(TestGeoDatabases.UnplacedAddress).LoginAsync(name, TestPasswords.Wrong))
        {
        }

        var viewer = await app.ConsoleAsync(AppRoles.SecurityViewer);
        var page = JsonDocument.Parse(await viewer.GetStringAsync($"/api/admin/attempts?userName={Uri.EscapeDataString(name)}&country=jp", Cancel)).RootElement;
        var csv = (await viewer.GetStringAsync($"/api/admin/attempts.csv?userName={Uri.EscapeDataString(name)}&country=FR", Cancel))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        using var unknown = await viewer.GetAsync("/api/admin/attempts?country=ZZ", Cancel);

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal((TestGeoDatabases.JapanAddress, "JP", 64501, "Example Transit JP"), (
            item.GetProperty("address").GetString(), item.GetProperty("country").GetString(), item.GetProperty("asn").GetInt32(), item.GetProperty("asnOrganization").GetString()));
        var line = Assert.Single(csv);
        Assert.Contains(",FR,64500,Example Transit FR,", line.TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("ZZ", (await unknown.ProblemAsync()).GetProperty("title").GetString(), StringComparison.Ordinal);
    }
}
