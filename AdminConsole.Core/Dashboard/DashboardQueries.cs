using AdminConsole.Core.Attempts;
using AdminConsole.Core.Data;
using AdminConsole.Core.IpProtection;

namespace AdminConsole.Core.Dashboard;

/// <summary>The dashboard's figures: counts, sums and groupings run in SQL, never over rows loaded into memory.</summary>
public sealed class DashboardQueries(SecurityDbContext db, TimeProvider time)
{
    /// <summary>Outcomes that count as a failed sign-in.</summary>
    public static readonly LoginOutcome[] Failures =
        [LoginOutcome.WrongPassword, LoginOutcome.UnknownUser, LoginOutcome.WrongSecondFactor, LoginOutcome.InvalidPasskey, LoginOutcome.LockedOut];

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
        var attempts = db.LoginAttempts.AsNoTracking();

        var lockedNow = await db.AccountLockouts.AsNoTracking()
            .Where(l => l.UserId != null && l.LockedUntil > now)
            .GroupBy(l => l.Tier).Select(g => new { Tier = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Tier, x => x.Count, cancellationToken);
        // Whole hours, so the sums read only the (Hour, Outcome, Count) index: "24 h" covers the current hour and the 24 before it.
        var dayHour = HourOf(dayAgo);
        var weekHour = HourOf(weekAgo);
        var failedDay = await attempts.Where(a => a.Hour >= dayHour && Failures.Contains(a.Outcome)).SumAsync(a => (long)a.Count, cancellationToken);
        var failedWeek = await attempts.Where(a => a.Hour >= weekHour && Failures.Contains(a.Outcome)).SumAsync(a => (long)a.Count, cancellationToken);
        var succeededDay = await attempts.Where(a => a.Hour >= dayHour && a.Outcome == LoginOutcome.Succeeded).SumAsync(a => (long)a.Count, cancellationToken);
        var blockedNow = await db.IpRules.AsNoTracking()
            .CountAsync(r => r.Kind == IpRuleKind.Deny && r.EndedAt == null && (r.ExpiresAt == null || r.ExpiresAt > now), cancellationToken);

        var firstHour = HourOf(from);
        var grouped = await attempts.Where(a => a.Hour >= firstHour)
            .GroupBy(a => new { Bucket = a.Hour / bucketHours, a.Outcome })
            .Select(g => new { g.Key.Bucket, g.Key.Outcome, Count = g.Sum(a => (long)a.Count) })
            .ToListAsync(cancellationToken);
        var firstBucket = firstHour / bucketHours;
        var lastBucket = (now.UtcTicks / TimeSpan.TicksPerHour) / bucketHours;
        var series = new List<SeriesPoint>();
        for (var b = firstBucket; b <= lastBucket; b++)
        {
            var inBucket = grouped.Where(g => g.Bucket == b).ToList();
            series.Add(new SeriesPoint(
                new DateTimeOffset(b * bucketHours * TimeSpan.TicksPerHour, TimeSpan.Zero),
                inBucket.Where(g => g.Outcome == LoginOutcome.Succeeded).Sum(g => g.Count),
                inBucket.Where(g => Failures.Contains(g.Outcome) && g.Outcome != LoginOutcome.LockedOut).Sum(g => g.Count),
                inBucket.Where(g => g.Outcome == LoginOutcome.LockedOut).Sum(g => g.Count),
                inBucket.Where(g => g.Outcome is LoginOutcome.AddressBlocked or LoginOutcome.Throttled).Sum(g => g.Count)));
        }

        var lockoutsByTier = await db.AccountLockouts.AsNoTracking()
            .Where(l => l.UserId != null && l.LockedAt >= from && l.Tier > 0)
            .GroupBy(l => l.Tier).Select(g => new { Tier = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Tier, x => x.Count, cancellationToken);
        var failuresInRange = attempts.Where(a => a.At >= from && Failures.Contains(a.Outcome));
        var topAddresses = (await failuresInRange.GroupBy(a => a.Address)
            .Select(g => new { Name = g.Key, Count = g.Sum(a => (long)a.Count) })
            .OrderByDescending(r => r.Count).ThenBy(r => r.Name).Take(10).ToListAsync(cancellationToken))
            .Select(r => new Ranked(r.Name, r.Count)).ToList();
        var topAccounts = (await failuresInRange.Where(a => a.UserName != "").GroupBy(a => a.UserName)
            .Select(g => new { Name = g.Key, Count = g.Sum(a => (long)a.Count) })
            .OrderByDescending(r => r.Count).ThenBy(r => r.Name).Take(10).ToListAsync(cancellationToken))
            .Select(r => new Ranked(r.Name.ToLowerInvariant(), r.Count)).ToList();
        var recent = await db.SecurityEvents.AsNoTracking().OrderByDescending(e => e.Id).Take(10).ToListAsync(cancellationToken);

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
            recent);
    }

    private static long HourOf(DateTimeOffset at) => at.UtcTicks / TimeSpan.TicksPerHour;
}
