using AdminConsole.Core.Location;
using Microsoft.Extensions.Time.Testing;

namespace AdminConsole.Tests.Unit;

/// <summary>Impossible travel between country centres, on a fake clock.</summary>
public sealed class TravelTests
{
    private static Country C(string code) => Countries.Find(code)!;

    [Fact]
    public void The_distance_between_centres_is_the_great_circle_distance()
    {
        Assert.InRange(Travel.DistanceKm(C("FR"), C("JP")), 9_500, 10_000);
        Assert.InRange(Travel.DistanceKm(C("FR"), C("DE")), 750, 900);
        Assert.Equal(Travel.DistanceKm(C("FR"), C("JP")), Travel.DistanceKm(C("JP"), C("FR")), 6);
        Assert.Equal(0, Travel.DistanceKm(C("FR"), C("FR")));
    }

    [Fact]
    public void France_to_japan_in_two_hours_is_impossible()
    {
        var time = new FakeTimeProvider(AppFactory.Start);
        var first = time.GetUtcNow();
        time.Advance(TimeSpan.FromHours(2));

        var verdict = Travel.Judge(C("FR"), first, C("JP"), time.GetUtcNow(), maxSpeedKmh: 1000);

        Assert.True(verdict.Impossible);
        Assert.InRange(verdict.SpeedKmh!.Value, 4_700, 5_000);
    }

    [Fact]
    public void France_to_japan_in_twelve_hours_is_a_flight()
    {
        var time = new FakeTimeProvider(AppFactory.Start);
        var first = time.GetUtcNow();
        time.Advance(TimeSpan.FromHours(12));

        Assert.False(Travel.Judge(C("FR"), first, C("JP"), time.GetUtcNow(), maxSpeedKmh: 1000).Impossible);
    }

    [Fact]
    public void The_limit_is_the_configured_speed()
    {
        var time = new FakeTimeProvider(AppFactory.Start);
        var first = time.GetUtcNow();
        time.Advance(TimeSpan.FromHours(1));
        var distance = Travel.DistanceKm(C("FR"), C("DE"));

        Assert.False(Travel.Judge(C("FR"), first, C("DE"), time.GetUtcNow(), maxSpeedKmh: distance + 1).Impossible);
        Assert.True(Travel.Judge(C("FR"), first, C("DE"), time.GetUtcNow(), maxSpeedKmh: distance - 1).Impossible);
    }

    [Fact]
    public void Two_countries_at_the_same_moment_are_impossible_and_one_country_never_is()
    {
        var now = new FakeTimeProvider(AppFactory.Start).GetUtcNow();

        Assert.True(Travel.Judge(C("FR"), now, C("BE"), now, maxSpeedKmh: 1000).Impossible);
        Assert.False(Travel.Judge(C("FR"), now, C("FR"), now, maxSpeedKmh: 1000).Impossible);
    }
}
