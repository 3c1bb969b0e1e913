namespace AdminConsole.Core.Audit;

/// <summary>
/// Two successful sign-ins of one account too far apart for the time between them: where and when the earlier one
/// was, the later one's country, the distance between the countries' centres and the speed it would take (null: no time between).
/// </summary>
public sealed record ImpossibleTravelDetails(
    string FromCountry, string FromAddress, DateTimeOffset FromAt, string ToCountry, double DistanceKm, double? SpeedKmh, int? RiskScore = null) : ISecurityEventDetails;
