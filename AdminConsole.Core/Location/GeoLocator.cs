using System.Net;
using AdminConsole.Core.IpProtection;
using MaxMind.Db;
using MaxMind.GeoIP2;

namespace AdminConsole.Core.Location;

/// <summary>
/// Places a client address with the databases of <see cref="GeoOptions"/>, read into memory once. Addresses that are
/// not on the public internet (loopback, private ranges) have no location, nor does anything when no database is
/// configured.
/// </summary>
public sealed class GeoLocator : IDisposable
{
    public const string CountryType = "Country";
    public const string AsnType = "ASN";

    private readonly DatabaseReader? countries;
    private readonly DatabaseReader? networks;
    private readonly ILogger<GeoLocator> logger;

    public GeoLocator(IOptions<GeoOptions> options, ILogger<GeoLocator> logger)
    {
        this.logger = logger;
        countries = Open(options.Value.CountryDatabase);
        networks = Open(options.Value.AsnDatabase);
    }

    /// <summary>Whether a country database is configured, so countries can be known at all.</summary>
    public bool KnowsCountries => countries is not null;

    public GeoLocation Locate(string? address) =>
        IPAddress.TryParse(address, out var parsed) ? Locate(parsed) : GeoLocation.None;

    public GeoLocation Locate(IPAddress? address)
    {
        if (address is null || (countries is null && networks is null))
        {
            return GeoLocation.None;
        }

        var canonical = ClientAddress.Canonical(address);
        if (!PublicAddress.IsPublic(canonical))
        {
            return GeoLocation.None;
        }

        try
        {
            string? country = null, countryName = null, organization = null;
            int? asn = null;
            if (countries is not null && countries.TryCountry(canonical, out var place) && place?.Country.IsoCode is { Length: 2 } code)
            {
                country = code.ToUpperInvariant();
                countryName = place.Country.Name;
            }

            // Numbers above int.MaxValue are reserved for private use (RFC 6996) and never appear in a public database.
            if (networks is not null && networks.TryAsn(canonical, out var network) && network?.AutonomousSystemNumber is { } number and <= int.MaxValue)
            {
                asn = (int)number;
                organization = network.AutonomousSystemOrganization;
            }

            return new GeoLocation(country, countryName, asn, organization);
        }
        catch (InvalidDatabaseException ex)
        {
            LocationLog.LookupFailed(logger, ex);
            return GeoLocation.None;
        }
    }

    public void Dispose()
    {
        countries?.Dispose();
        networks?.Dispose();
    }

    private static DatabaseReader? Open(string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : new DatabaseReader(path, FileAccessMode.Memory);
}
