using System.Collections.Frozen;
using System.Globalization;

namespace AdminConsole.Core.Location;

/// <summary>A country: its ISO 3166-1 alpha-2 code, English name, and a point near its centre.</summary>
public sealed record Country(string Code, string Name, double Latitude, double Longitude);

/// <summary>
/// The countries a rule or a location may name, from the embedded <c>countries.txt</c>: the codes MaxMind databases
/// use (ISO 3166-1 alpha-2, and XK for Kosovo), each with the centre that impossible travel measures from.
/// </summary>
public static class Countries
{
    private static readonly FrozenDictionary<string, Country> ByCode = Load();

    public static IReadOnlyCollection<Country> All => ByCode.Values;

    /// <summary>The country with this code (any case), or null for a code that names none.</summary>
    public static Country? Find(string? code) =>
        code is { Length: 2 } && ByCode.TryGetValue(code.ToUpperInvariant(), out var country) ? country : null;

    private static FrozenDictionary<string, Country> Load()
    {
        using var stream = typeof(Countries).Assembly.GetManifestResourceStream("countries.txt")
            ?? throw new InvalidOperationException("The embedded country table is missing.");
        using var reader = new StreamReader(stream);
        var countries = new List<Country>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split('\t');
            countries.Add(new Country(parts[0], parts[1], double.Parse(parts[2], CultureInfo.InvariantCulture), double.Parse(parts[3], CultureInfo.InvariantCulture)));
        }

        return countries.ToFrozenDictionary(c => c.Code);
    }
}
