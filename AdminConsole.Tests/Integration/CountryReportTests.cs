using AdminConsole.Core.Reports;

namespace AdminConsole.Tests.Integration;

/// <summary>The activity report ranks the countries failed sign-ins came from, beside the range before.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class CountryReportTests(GeoAppFactory app) : IClassFixture<GeoAppFactory>
{
    private async Task FailAsync(string address, int times)
    {
        var browser = app.Browser(address);
        for (var i = 0; i < times; i++)
        {
            using var response = await browser.LoginAsync($"geo-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Failures_are_ranked_by_country_with_the_range_before()
    {
        var start = app.Time.GetUtcNow();
        await FailAsync(TestGeoDatabases.JapanAddress, 2);
        app.Time.Advance(TimeSpan.FromHours(1));
        await FailAsync(TestGeoDatabases.FranceAddress, 3);
        await FailAsync(TestGeoDatabases.JapanAddress, 1);
        await FailAsync(TestGeoDatabases.UnplacedAddress, 4);

        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ActivityReports>()
            .GetAsync(start.AddHours(1), start.AddHours(2), TestContext.Current.CancellationToken);

        Assert.Equal([new RankedChange("France (FR)", 3, 0), new RankedChange("Japan (JP)", 1, 2)], report.TopCountries);
    }
}
