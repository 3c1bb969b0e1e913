namespace AdminConsole.Core.Location;

/// <summary>
/// <c>Geo:*</c>: MaxMind-format databases (<c>.mmdb</c>, GeoLite2 or GeoIP2) that place a client address. Either may
/// be left out; with neither, attempts carry no location and nothing else changes.
/// </summary>
public sealed class GeoOptions
{
    public const string Section = "Geo";

    /// <summary>A Country (or City) database: the address's country.</summary>
    public string? CountryDatabase { get; set; }

    /// <summary>An ASN database: the network's autonomous system number and organisation.</summary>
    public string? AsnDatabase { get; set; }

    /// <summary>Two successful sign-ins of one account further apart than this speed allows are impossible travel.</summary>
    public int ImpossibleTravelKmh { get; set; } = 1000;
}
