using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Integration;

/// <summary><c>Geo:*</c> at start: a database that is missing or not a MaxMind database stops the host, naming the key.</summary>
public sealed class GeoStartupTests
{
    [Fact]
    public async Task A_country_database_that_does_not_exist_stops_the_start_naming_the_key()
    {
        await using var app = new AppFactory();
        app.Settings["Geo:CountryDatabase"] = "/nowhere/GeoLite2-Country.mmdb";

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("Geo:CountryDatabase names '/nowhere/GeoLite2-Country.mmdb', which does not exist.", Messages(error));
    }

    [Fact]
    public async Task An_asn_database_that_is_not_a_maxmind_database_stops_the_start_naming_the_key()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "not a database", TestContext.Current.CancellationToken);
        try
        {
            await using var app = new AppFactory();
            app.Settings["Geo:AsnDatabase"] = path;

            var error = Assert.ThrowsAny<Exception>(() => app.Server);

            Assert.Contains($"Geo:AsnDatabase names '{path}', which is not a readable MaxMind database", Messages(error));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Messages(Exception error) =>
        string.Join(" | ", error is OptionsValidationException validation ? validation.Failures : [error.ToString()]);
}
