using AdminConsole.Core.Attempts;
using AdminConsole.Core.Data;
using AdminConsole.Core.IpProtection;

namespace AdminConsole.Core.Dashboard;

/// <summary>
/// The dashboard's figures, read from the counts the database keeps on write (<see cref="AttemptCount"/>), never
/// from the attempts: the cost follows the number of hours, addresses and names shown, not of attempts stored.
/// </summary>
public sealed class DashboardQueries(SecurityDbContext db, TimeProvider time)
{
    /// <summary>The comment every dashboard statement carries, so a database log (or a test) tells them apart.</summary>
    public const string Tag = "AdminConsole dashboard";

    public async Task<DashboardData> GetAsync(DashboardRange range, CancellationToken cancellationToken)
    {
        var figures = await GetFiguresAsync(cancellationToken);
        var now = figures.At;
        var (span, bucketHours) = range switch
        {
            DashboardRange.Week => (TimeSpan.FromDays(7), 6),
            DashboardRange.Month => (TimeSpan.FromDays(30), 24),
            _ => (TimeSpan.FromDays(1), 1),
        };
        var from = now - span;
        var byOutcome = Counts().Where(c => c.Kind == AttemptCountKind.OutcomeByHour);
        var firstHour = HourOf(from);
        var grouped = (await byOutcome.Where(c => c.Period >= firstHour)
            .GroupBy(c => new { Bucket = c.Period / bucketHours, c.Name })
            .Select(g => new { g.Key.Bucket, g.Key.Name, Count = g.Sum(c => c.Count) })
            .ToListAsync(cancellationToken))
            .Select(g => (g.Bucket, Outcome: Enum.Parse<LoginOutcome>(g.Name), g.Count))
            .ToList();
        var firstBucket = firstHour / bucketHours;
        var lastBucket = (now.UtcTicks / TimeSpan.TicksPerHour) / bucketHours;
        var series = new List<SeriesPoint>();
        for (var b = firstBucket; b <= lastBucket; b++)
        {
            var inBucket = grouped.Where(g => g.Bucket == b).ToList();
            series.Add(new SeriesPoint(
                new DateTimeOffset(b * bucketHours * TimeSpan.TicksPerHour, TimeSpan.Zero),
                inBucket.Where(g => g.Outcome == LoginOutcome.Succeeded).Sum(g => g.Count),
                inBucket.Where(g => g.Outcome.IsFailure() && g.Outcome != LoginOutcome.LockedOut).Sum(g => g.Count),
                inBucket.Where(g => g.Outcome == LoginOutcome.LockedOut).Sum(g => g.Count),
                inBucket.Where(g => g.Outcome is LoginOutcome.AddressBlocked or LoginOutcome.Throttled).Sum(g => g.Count)));
        }

        var lockoutsByTier = await db.AccountLockouts.AsNoTracking().TagWith(Tag)
            .Where(l => l.UserId != null && l.LockedAt >= from && l.Tier > 0)
            .GroupBy(l => l.Tier).Select(g => new { Tier = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Tier, x => x.Count, cancellationToken);
        var topAddresses = await TopAsync(AttemptCountKind.FailuresByAddressHour, AttemptCountKind.FailuresByAddressDay, firstHour, cancellationToken);
        var topAccounts = (await TopAsync(AttemptCountKind.FailuresByAccountHour, AttemptCountKind.FailuresByAccountDay, firstHour, cancellationToken))
            .Select(r => r with { Name = r.Name.ToLowerInvariant() }).ToList();
        var recent = await db.SecurityEvents.AsNoTracking().TagWith(Tag).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(10).ToListAsync(cancellationToken);

        return new DashboardData(
            now,
            figures.LockedNowByTier,
            figures.FailedLastDay,
            figures.FailedLastWeek,
            figures.AddressesBlockedNow,
            figures.SuccessRateLastDay,
            range,
            TimeSpan.FromHours(bucketHours),
            series,
            lockoutsByTier,
            topAddresses,
            topAccounts,
            recent,
            figures.CommonPasswordSignInsLastDay);
    }

    /// <summary>
    /// Only the four live figures (locks, failures, blocks, success rate): what an open dashboard reads every
    /// 15 seconds, without the chart, the lists and the events the page around it shows.
    /// </summary>
    public async Task<LiveFigures> GetFiguresAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dayAgo = now - TimeSpan.FromDays(1);
        var byOutcome = Counts().Where(c => c.Kind == AttemptCountKind.OutcomeByHour);
        var lockedNow = await db.AccountLockouts.AsNoTracking().TagWith(Tag)
            .Where(l => l.UserId != null && l.LockedUntil > now)
            .GroupBy(l => l.Tier).Select(g => new { Tier = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Tier, x => x.Count, cancellationToken);
        // Whole hours: "24 h" covers the current hour and the 24 before it.
        var dayHour = HourOf(dayAgo);
        var weekHour = HourOf(now - TimeSpan.FromDays(7));
        var failedDay = await byOutcome.Where(c => c.Period >= dayHour && LoginOutcomes.FailureNames.Contains(c.Name)).SumAsync(c => c.Count, cancellationToken);
        var failedWeek = await byOutcome.Where(c => c.Period >= weekHour && LoginOutcomes.FailureNames.Contains(c.Name)).SumAsync(c => c.Count, cancellationToken);
        var succeeded = nameof(LoginOutcome.Succeeded);
        var succeededDay = await byOutcome.Where(c => c.Period >= dayHour && c.Name == succeeded).SumAsync(c => c.Count, cancellationToken);
        var blockedNow = await db.IpRules.AsNoTracking().TagWith(Tag)
            .CountAsync(r => r.Kind == IpRuleKind.Deny && r.EndedAt == null && (r.ExpiresAt == null || r.ExpiresAt > now), cancellationToken);
        var commonPasswords = await db.SecurityEvents.AsNoTracking().TagWith(Tag)
            .CountAsync(e => e.Type == Audit.SecurityEventType.CommonPasswordSignIn && e.At >= dayAgo, cancellationToken);
        return new LiveFigures(
            now,
            lockedNow,
            failedDay,
            failedWeek,
            blockedNow,
            succeededDay + failedDay == 0 ? null : (double)succeededDay / (succeededDay + failedDay),
            commonPasswords);
    }

    /// <summary>
    /// The ten names with the most failures since an hour: whole days from the daily counts, the hours before
    /// the first whole day from the hourly ones, so a month reads about 30 rows per name, not every attempt.
    /// </summary>
    private async Task<List<Ranked>> TopAsync(AttemptCountKind hourly, AttemptCountKind daily, long firstHour, CancellationToken cancellationToken)
    {
        var firstDay = (firstHour + 23) / 24;
        var firstDayHour = firstDay * 24;
        var rows = await Counts()
            .Where(c => (c.Kind == daily && c.Period >= firstDay) || (c.Kind == hourly && c.Period >= firstHour && c.Period < firstDayHour))
            .GroupBy(c => c.Name)
            .Select(g => new { Name = g.Key, Count = g.Sum(c => c.Count) })
            .OrderByDescending(r => r.Count).ThenBy(r => r.Name).Take(10)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new Ranked(r.Name, r.Count)).ToList();
    }

    private IQueryable<AttemptCount> Counts() => db.AttemptCounts.AsNoTracking().TagWith(Tag);

    private static long HourOf(DateTimeOffset at) => at.UtcTicks / TimeSpan.TicksPerHour;
}
