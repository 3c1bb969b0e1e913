using AdminConsole.Core.Location;
using MaxMind.GeoIP2;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Unit;

/// <summary>The test databases read back with MaxMind's own reader, and <see cref="GeoLocator"/> on top of them.</summary>
public sealed class GeoLocatorTests
{
    private static GeoLocator Locator(string? country = null, string? asn = null) =>
        new(Options.Create(new GeoOptions { CountryDatabase = country, AsnDatabase = asn }), NullLogger<GeoLocator>.Instance);

    private static GeoLocator BothDatabases() => Locator(TestGeoDatabases.CountryPath, TestGeoDatabases.AsnPath);

    [Fact]
    public void A_written_country_database_reads_back_with_the_maxmind_reader()
    {
        using var reader = new DatabaseReader(TestGeoDatabases.CountryPath);

        Assert.Contains("Country", reader.Metadata.DatabaseType, StringComparison.Ordinal);
        Assert.True(reader.TryCountry(IPAddress.Parse(TestGeoDatabases.FranceAddress), out var france));
        Assert.Equal("FR", france!.Country.IsoCode);
        Assert.Equal("France", france.Country.Name);
        Assert.True(reader.TryCountry(IPAddress.Parse(TestGeoDatabases.JapanAddress), out var japan));
        Assert.Equal("JP", japan!.Country.IsoCode);
        Assert.True(reader.TryCountry(IPAddress.Parse(TestGeoDatabases.GermanyAddress), out var germany));
        Assert.Equal("DE", germany!.Country.IsoCode);
        Assert.False(reader.TryCountry(IPAddress.Parse(TestGeoDatabases.UnplacedAddress), out _));
    }

    [Fact]
    public void A_written_asn_database_reads_back_with_the_maxmind_reader()
    {
        using var reader = new DatabaseReader(TestGeoDatabases.AsnPath);

        Assert.Contains("ASN", reader.Metadata.DatabaseType, StringComparison.Ordinal);
        Assert.True(reader.TryAsn(IPAddress.Parse(TestGeoDatabases.GermanyAddress), out var germany));
        Assert.Equal(64502, germany!.AutonomousSystemNumber);
        Assert.Equal("Example Transit DE", germany.AutonomousSystemOrganization);
        Assert.False(reader.TryAsn(IPAddress.Parse("2001:db8:2::1"), out _));
    }

    [Fact]
    public void An_ipv4_address_gets_its_country_and_network()
    {
        using var locator = BothDatabases();

        Assert.Equal(new GeoLocation("FR", "France", 64500, "Example Transit FR"), locator.Locate(TestGeoDatabases.FranceAddress));
        Assert.Equal(new GeoLocation("JP", "Japan", 64501, "Example Transit JP"), locator.Locate(TestGeoDatabases.JapanAddress));
    }

    [Fact]
    public void An_ipv6_address_gets_its_country_and_network()
    {
        using var locator = BothDatabases();

        Assert.Equal(new GeoLocation("DE", "Germany", 64502, "Example Transit DE"), locator.Locate(TestGeoDatabases.GermanyAddress));
    }

    [Fact]
    public void An_ipv4_mapped_ipv6_address_is_placed_as_its_ipv4_address()
    {
        using var locator = BothDatabases();

        Assert.Equal("FR", locator.Locate("::ffff:" + TestGeoDatabases.FranceAddress).Country);
    }

    [Fact]
    public void Private_and_loopback_addresses_have_no_location_even_when_a_database_places_them()
    {
        using var locator = BothDatabases();

        Assert.Equal(GeoLocation.None, locator.Locate(TestGeoDatabases.PrivateAddress));
        Assert.Equal(GeoLocation.None, locator.Locate("127.0.0.1"));
        Assert.Equal(GeoLocation.None, locator.Locate("::1"));
    }

    [Fact]
    public void Addresses_outside_every_network_and_unparsable_ones_have_no_location()
    {
        using var locator = BothDatabases();

        Assert.Equal(GeoLocation.None, locator.Locate(TestGeoDatabases.UnplacedAddress));
        Assert.Equal(GeoLocation.None, locator.Locate("unknown"));
    }

    [Fact]
    public void Without_databases_nothing_is_placed()
    {
        using var locator = Locator();

        Assert.False(locator.KnowsCountries);
        Assert.Equal(GeoLocation.None, locator.Locate(TestGeoDatabases.FranceAddress));
    }

    [Fact]
    public void With_only_the_asn_database_the_network_is_known_and_the_country_is_not()
    {
        using var locator = Locator(asn: TestGeoDatabases.AsnPath);

        Assert.Equal(new GeoLocation(null, null, 64500, "Example Transit FR"), locator.Locate(TestGeoDatabases.FranceAddress));
    }

    [Fact]
    public void A_location_is_written_with_the_country_name_and_network()
    {
        Assert.Equal("France (FR), AS64500 Example Transit FR", GeoLocation.Describe("FR", 64500, "Example Transit FR"));
        Assert.Equal("AS64500", GeoLocation.Describe(null, 64500, null));
        Assert.Equal("", GeoLocation.None.ToString());
    }

    [Fact]
    public void The_country_table_knows_every_code_with_a_centre_on_the_globe()
    {
        Assert.Equal(250, Countries.All.Count);
        Assert.All(Countries.All, c => Assert.True(c.Latitude is >= -90 and <= 90 && c.Longitude is >= -180 and <= 180, c.Code));
        Assert.Equal("Japan", Countries.Find("jp")?.Name);
        Assert.Null(Countries.Find("ZZ"));
        Assert.Null(Countries.Find("FRA"));
    }
}

/// <summary><c>Geo:*</c> at start: a configured database must exist, be a MaxMind database, and be of its key's kind.</summary>
public sealed class GeoOptionsValidatorTests
{
    private static string? Errors(GeoOptions options)
    {
        var result = new GeoOptionsValidator().Validate(Options.DefaultName, options);
        return result.Succeeded ? null : result.FailureMessage;
    }

    [Fact]
    public void No_database_and_both_test_databases_are_accepted()
    {
        Assert.Null(Errors(new GeoOptions()));
        Assert.Null(Errors(new GeoOptions { CountryDatabase = TestGeoDatabases.CountryPath, AsnDatabase = TestGeoDatabases.AsnPath }));
    }

    [Fact]
    public void A_path_that_does_not_exist_is_refused_naming_the_key()
    {
        var error = Errors(new GeoOptions { AsnDatabase = "/nowhere/asn.mmdb" });

        Assert.Contains("Geo:AsnDatabase", error);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public void A_file_that_is_not_a_maxmind_database_is_refused_naming_the_key()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "not a database");
        try
        {
            var error = Errors(new GeoOptions { CountryDatabase = path });

            Assert.Contains("Geo:CountryDatabase", error);
            Assert.Contains("not a readable MaxMind database", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_asn_database_under_the_country_key_is_refused()
    {
        Assert.Contains("Geo:CountryDatabase", Errors(new GeoOptions { CountryDatabase = TestGeoDatabases.AsnPath }));
    }
}
