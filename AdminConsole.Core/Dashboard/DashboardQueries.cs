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
    public async Task<DashboardData> GetAsync(DashboardRange range, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (span, bucketHours) = range switch
        {
            DashboardRange.Week => (TimeSpan.FromDays(7), 6),
            DashboardRange.Month => (TimeSpan.FromDays(30), 24),
            _ => (TimeSpan.FromDays(1), 1),
        };
        var from = now - span;
        var dayAgo = now - TimeSpan.FromDays(1);
        var weekAgo = now - TimeSpan.FromDays(7);
        var counts = db.AttemptCounts.AsNoTracking();
        var byOutcome = counts.Where(c => c.Kind == AttemptCountKind.OutcomeByHour);

        var lockedNow = await db.AccountLockouts.AsNoTracking()
            .Where(l => l.UserId != null && l.LockedUntil > now)
            .GroupBy(l => l.Tier).Select(g => new { Tier = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Tier, x => x.Count, cancellationToken);
        // Whole hours: "24 h" covers the current hour and the 24 before it.
        var dayHour = HourOf(dayAgo);
        var weekHour = HourOf(weekAgo);
        var failedDay = await byOutcome.Where(c => c.Period >= dayHour && LoginOutcomes.FailureNames.Contains(c.Name)).SumAsync(c => c.Count, cancellationToken);
        var failedWeek = await byOutcome.Where(c => c.Period >= weekHour && LoginOutcomes.FailureNames.Contains(c.Name)).SumAsync(c => c.Count, cancellationToken);
        var succeeded = nameof(LoginOutcome.Succeeded);
        var succeededDay = await byOutcome.Where(c => c.Period >= dayHour && c.Name == succeeded).SumAsync(c => c.Count, cancellationToken);
        var blockedNow = await db.IpRules.AsNoTracking()
            .CountAsync(r => r.Kind == IpRuleKind.Deny && r.EndedAt == null && (r.ExpiresAt == null || r.ExpiresAt > now), cancellationToken);

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

        var lockoutsByTier = await db.AccountLockouts.AsNoTracking()
            .Where(l => l.UserId != null && l.LockedAt >= from && l.Tier > 0)
            .GroupBy(l => l.Tier).Select(g => new { Tier = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Tier, x => x.Count, cancellationToken);
        var topAddresses = await TopAsync(AttemptCountKind.FailuresByAddressHour, AttemptCountKind.FailuresByAddressDay, firstHour, cancellationToken);
        var topAccounts = (await TopAsync(AttemptCountKind.FailuresByAccountHour, AttemptCountKind.FailuresByAccountDay, firstHour, cancellationToken))
            .Select(r => r with { Name = r.Name.ToLowerInvariant() }).ToList();
        var recent = await db.SecurityEvents.AsNoTracking().OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(10).ToListAsync(cancellationToken);
        var commonPasswords = await db.SecurityEvents.AsNoTracking()
            .CountAsync(e => e.Type == Audit.SecurityEventType.CommonPasswordSignIn && e.At >= dayAgo, cancellationToken);

        return new DashboardData(
            now,
            lockedNow,
            failedDay,
            failedWeek,
            blockedNow,
            succeededDay + failedDay == 0 ? null : (double)succeededDay / (succeededDay + failedDay),
            range,
            TimeSpan.FromHours(bucketHours),
            series,
            lockoutsByTier,
            topAddresses,
            topAccounts,
            recent,
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
        var rows = await db.AttemptCounts.AsNoTracking()
            .Where(c => (c.Kind == daily && c.Period >= firstDay) || (c.Kind == hourly && c.Period >= firstHour && c.Period < firstDayHour))
            .GroupBy(c => c.Name)
            .Select(g => new { Name = g.Key, Count = g.Sum(c => c.Count) })
            .OrderByDescending(r => r.Count).ThenBy(r => r.Name).Take(10)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new Ranked(r.Name, r.Count)).ToList();
    }

    private static long HourOf(DateTimeOffset at) => at.UtcTicks / TimeSpan.TicksPerHour;
}
