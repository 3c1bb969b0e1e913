using MaxMind.GeoIP2;

namespace AdminConsole.Core.Location;

/// <summary>A configured database must exist, open as a MaxMind database, and be of the kind its key names.</summary>
public sealed class GeoOptionsValidator : IValidateOptions<GeoOptions>
{
    public ValidateOptionsResult Validate(string? name, GeoOptions o)
    {
        var errors = new[]
        {
            o.ImpossibleTravelKmh > 0 ? null : $"{GeoOptions.Section}:{nameof(GeoOptions.ImpossibleTravelKmh)} must be positive.",
            Check($"{GeoOptions.Section}:{nameof(GeoOptions.CountryDatabase)}", o.CountryDatabase, GeoLocator.CountryType),
            Check($"{GeoOptions.Section}:{nameof(GeoOptions.AsnDatabase)}", o.AsnDatabase, GeoLocator.AsnType),
        }.OfType<string>().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string? Check(string key, string? path, string type)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            return $"{key} names '{path}', which does not exist.";
        }

        try
        {
            using var reader = new DatabaseReader(path, MaxMind.Db.FileAccessMode.Memory);
            return reader.Metadata.DatabaseType.Contains(type, StringComparison.OrdinalIgnoreCase)
                ? null
                : $"{key} names '{path}', a '{reader.Metadata.DatabaseType}' database; it must be a {type} database.";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or MaxMind.Db.InvalidDatabaseException)
        {
            return $"{key} names '{path}', which is not a readable MaxMind database: {ex.Message}";
        }
    }
}
