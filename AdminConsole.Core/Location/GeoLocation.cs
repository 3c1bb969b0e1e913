namespace AdminConsole.Core.Location;

/// <summary>Where an address is, as far as the configured databases say: any part may be unknown.</summary>
public sealed record GeoLocation(string? Country, string? CountryName, int? Asn, string? AsnOrganization)
{
    public static readonly GeoLocation None = new(null, null, null, null);

    public bool IsKnown => Country is not null || Asn is not null;

    /// <summary>"France (FR), AS64500 Example Net"; empty when nothing is known.</summary>
    public override string ToString() => Describe(Country, Asn, AsnOrganization);

    /// <summary>The one way a stored location is written out, in the console, mails, notifications and exports.</summary>
    public static string Describe(string? country, int? asn, string? asnOrganization)
    {
        var place = country is null ? null : Countries.Find(country) is { } known ? $"{known.Name} ({country})" : country;
        var network = asn is null ? null : asnOrganization is null ? $"AS{asn}" : $"AS{asn} {asnOrganization}";
        return string.Join(", ", new[] { place, network }.OfType<string>());
    }
}
