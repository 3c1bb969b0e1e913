using AdminConsole.Core.Audit;

namespace AdminConsole.Core.Dashboard;

public enum DashboardRange
{
    Day,
    Week,
    Month,
}

/// <summary>One bucket of the sign-in series: the bucket's start and the attempts in it by outcome group.</summary>
public sealed record SeriesPoint(DateTimeOffset Start, long Succeeded, long Failed, long LockedOut, long Rejected);

public sealed record Ranked(string Name, long Count);

/// <summary>Everything the dashboard shows, each figure aggregated in the database.</summary>
public sealed record DashboardData(
    DateTimeOffset At,
    IReadOnlyDictionary<int, int> LockedNowByTier,
    long FailedLastDay,
    long FailedLastWeek,
    int AddressesBlockedNow,
    double? SuccessRateLastDay,
    DashboardRange Range,
    TimeSpan Bucket,
    IReadOnlyList<SeriesPoint> Series,
    IReadOnlyDictionary<int, int> LockoutsByTier,
    IReadOnlyList<Ranked> TopFailingAddresses,
    IReadOnlyList<Ranked> TopTargetedAccounts,
    IReadOnlyList<SecurityEvent> RecentEvents,
    long CommonPasswordSignInsLastDay = 0)
{
    public int LockedNow => LockedNowByTier.Values.Sum();

    /// <summary>The four live figures of this reading (a method, so the stats API's JSON keeps its shape).</summary>
    public LiveFigures ToLiveFigures() =>
        new(At, LockedNowByTier, FailedLastDay, FailedLastWeek, AddressesBlockedNow, SuccessRateLastDay, CommonPasswordSignInsLastDay);
}
