namespace AdminConsole.Core.Dashboard;

/// <summary>
/// The dashboard's four live figures, the same whatever range the page shows: what an open console refreshes on
/// its own, and what the page hands to its live island so the island does not read them again.
/// </summary>
public sealed record LiveFigures(
    DateTimeOffset At,
    IReadOnlyDictionary<int, int> LockedNowByTier,
    long FailedLastDay,
    long FailedLastWeek,
    int AddressesBlockedNow,
    double? SuccessRateLastDay,
    long CommonPasswordSignInsLastDay)
{
    public int LockedNow => LockedNowByTier.Values.Sum();
}
