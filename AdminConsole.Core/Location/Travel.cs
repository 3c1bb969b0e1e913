namespace AdminConsole.Core.Location;

/// <summary>How far apart two sign-ins were and how fast someone would have had to travel between them.</summary>
public sealed record TravelVerdict(double DistanceKm, double? SpeedKmh, bool Impossible);

/// <summary>
/// Impossible travel, pure: two places and the time between them. Places are country centres
/// (<see cref="Countries"/>), so two sign-ins within one country are never judged, and the speed is a lower bound
/// only in the sense that centres of neighbours are closer than their far borders.
/// </summary>
public static class Travel
{
    private const double EarthRadiusKm = 6371.0;

    /// <summary>The great-circle distance between two countries' centres (haversine).</summary>
    public static double DistanceKm(Country from, Country to)
    {
        var dLat = Radians(to.Latitude - from.Latitude);
        var dLon = Radians(to.Longitude - from.Longitude);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(Radians(from.Latitude)) * Math.Cos(Radians(to.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>
    /// Whether going from <paramref name="from"/> at <paramref name="fromAt"/> to <paramref name="to"/> at
    /// <paramref name="toAt"/> needs more than <paramref name="maxSpeedKmh"/>. The same country is never impossible;
    /// two countries at no time apart always are.
    /// </summary>
    public static TravelVerdict Judge(Country from, DateTimeOffset fromAt, Country to, DateTimeOffset toAt, double maxSpeedKmh)
    {
        if (from.Code == to.Code)
        {
            return new TravelVerdict(0, 0, Impossible: false);
        }

        var distance = DistanceKm(from, to);
        var hours = (toAt - fromAt).TotalHours;
        if (hours <= 0)
        {
            return new TravelVerdict(distance, null, Impossible: distance > 0);
        }

        var speed = distance / hours;
        return new TravelVerdict(distance, speed, speed > maxSpeedKmh);
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
