namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// A Country and an ASN database written once per test run with <see cref="MmdbWriter"/>. The networks are
/// documentation ranges (RFC 5737, RFC 3849), public as far as the console is concerned, plus a private range the
/// databases place too, to prove that private addresses are never placed.
/// </summary>
public static class TestGeoDatabases
{
    /// <summary>France, AS 64500.</summary>
    public const string FranceNetwork = "203.0.113.0/25";
    public const string FranceAddress = "203.0.113.7";
    public const string SecondFranceAddress = "203.0.113.8";

    /// <summary>Japan, AS 64501.</summary>
    public const string JapanNetwork = "203.0.113.128/25";
    public const string JapanAddress = "203.0.113.200";

    /// <summary>Germany, AS 64502, IPv6.</summary>
    public const string GermanyNetwork = "2001:db8:1::/48";
    public const string GermanyAddress = "2001:db8:1::25";

    /// <summary>Placed in Belgium by the databases, but private: the console must not place it.</summary>
    public const string PrivateNetwork = "10.0.0.0/8";
    public const string PrivateAddress = "10.1.2.3";

    /// <summary>In neither database.</summary>
    public const string UnplacedAddress = "198.18.255.1";

    private static readonly Lazy<(string Country, string Asn)> Files = new(Write);

    public static string CountryPath => Files.Value.Country;

    public static string AsnPath => Files.Value.Asn;

    public static MmdbWriter CountryWriter() => new MmdbWriter("GeoLite2-Country")
        .Add(FranceNetwork, Country("FR", "France", 3017382))
        .Add(JapanNetwork, Country("JP", "Japan", 1861060))
        .Add(GermanyNetwork, Country("DE", "Germany", 2921044))
        .Add(PrivateNetwork, Country("BE", "Belgium", 2802361));

    public static MmdbWriter AsnWriter() => new MmdbWriter("GeoLite2-ASN")
        .Add(FranceNetwork, Asn(64500, "Example Transit FR"))
        .Add(JapanNetwork, Asn(64501, "Example Transit JP"))
        .Add(GermanyNetwork, Asn(64502, "Example Transit DE"))
        .Add(PrivateNetwork, Asn(64503, "Example Private"));

    private static Dictionary<string, object> Country(string code, string name, uint geonameId) => new()
    {
        ["country"] = new Dictionary<string, object>
        {
            ["geoname_id"] = geonameId,
            ["iso_code"] = code,
            ["names"] = new Dictionary<string, object> { ["en"] = name },
        },
    };

    private static Dictionary<string, object> Asn(uint number, string organization) => new()
    {
        ["autonomous_system_number"] = number,
        ["autonomous_system_organization"] = organization,
    };

    private static (string, string) Write()
    {
        var directory = Directory.CreateTempSubdirectory("adminconsole-geo-").FullName;
        var country = Path.Combine(directory, "test-country.mmdb");
        var asn = Path.Combine(directory, "test-asn.mmdb");
        CountryWriter().Save(country);
        AsnWriter().Save(asn);
        return (country, asn);
    }
}
