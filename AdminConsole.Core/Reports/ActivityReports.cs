using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Data;
using AdminConsole.Core.IpProtection;

namespace AdminConsole.Core.Reports;

/// <summary>
/// The suspicious-activity report of any range: who attacked (addresses, /24 and /64 networks), whom (accounts),
/// the sprays and distributed attacks the attack scan found (<see cref="AttackDetector"/>'s events), locks by
/// tier, blocks and new devices, each beside the equal range before it. Counts come from the dashboard's hour and
/// day counts (<see cref="AttemptCount"/>) to the hour; networks are grouped in SQL over the range's failures.
/// </summary>
public sealed class ActivityReports(SecurityDbContext db, TimeProvider time)
{
    public const int TopCount = 10;

    /// <summary>The longest range a report covers.</summary>
    public const int MaxDays = 366;

    /// <summary>The last whole week, Monday 00:00 to Monday 00:00 UTC, before now.</summary>
    public (DateTimeOffset From, DateTimeOffset To) LastWeek()
    {
        var to = WeekStart(time.GetUtcNow(), DayOfWeek.Monday);
        return (to.AddDays(-7), to);
    }

    /// <summary>00:00 UTC of the latest <paramref name="first"/> at or before <paramref name="at"/>.</summary>
    public static DateTimeOffset WeekStart(DateTimeOffset at, DayOfWeek first)
    {
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        return day.AddDays(-(((int)day.DayOfWeek - (int)first + 7) % 7));
    }

    /// <summary>Why a range cannot be reported, or null.</summary>
    public static string? Validate(DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? "The range must end after it starts."
        : to - from > TimeSpan.FromDays(MaxDays) ? $"A report covers at most {MaxDays} days."
        : null;

    public async Task<ActivityReport> GetAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (Validate(from, to) is { } error)
        {
            throw new ArgumentException(error);
        }

        var previousFrom = from - (to - from);
        var now = await FiguresAsync(from, to, cancellationToken);
        var before = await FiguresAsync(previousFrom, from, cancellationToken);
        var (h0, h1) = (HourOf(from), HourOf(to));
        var (p0, p1) = (HourOf(previousFrom), h0);

        var topAddresses = await TopAsync(AttemptCountKind.FailuresByAddressHour, AttemptCountKind.FailuresByAddressDay, h0, h1, null, cancellationToken);
        var addressesBefore = await TopAsync(AttemptCountKind.FailuresByAddressHour, AttemptCountKind.FailuresByAddressDay, p0, p1, topAddresses.Select(r => r.Name).ToList(), cancellationToken);
        var topAccounts = await TopAsync(AttemptCountKind.FailuresByAccountHour, AttemptCountKind.FailuresByAccountDay, h0, h1, null, cancellationToken);
        var accountsBefore = await TopAsync(AttemptCountKind.FailuresByAccountHour, AttemptCountKind.FailuresByAccountDay, p0, p1, topAccounts.Select(r => r.Name).ToList(), cancellationToken);
        var topNetworks = await NetworksAsync(from, to, null, cancellationToken);
        var networksBefore = await NetworksAsync(previousFrom, from, topNetworks.Select(r => r.Prefix).ToList(), cancellationToken);
        var topCountries = await CountriesAsync(from, to, null, cancellationToken);
        var countriesBefore = await CountriesAsync(previousFrom, from, topCountries.Select(r => r.Name).ToList(), cancellationToken);

        var tiers = now.LocksByTier.Keys.Union(before.LocksByTier.Keys).Order()
            .ToDictionary(t => t, t => new Change(now.LocksByTier.GetValueOrDefault(t), before.LocksByTier.GetValueOrDefault(t)));
        return new ActivityReport(
            from,
            to,
            previousFrom,
            new Change(now.Failures, before.Failures),
            new Change(now.Addresses, before.Addresses),
            new Change(now.Accounts, before.Accounts),
            new Change(now.Sprays.Count, before.Sprays.Count),
            new Change(now.Distributed.Count, before.Distributed.Count),
            tiers,
            new Change(now.Blocks, before.Blocks),
            new Change(now.NewDevices, before.NewDevices),
            topAddresses.Select(r => new RankedChange(r.Name, r.Count, addressesBefore.FirstOrDefault(b => b.Name == r.Name)?.Count ?? 0)).ToList(),
            topNetworks.Select(r => new RankedChange(NetworkName(r.Prefix), r.Count, networksBefore.FirstOrDefault(b => b.Prefix == r.Prefix)?.Count ?? 0)).ToList(),
            topAccounts.Select(r => new RankedChange(r.Name.ToLowerInvariant(), r.Count, accountsBefore.FirstOrDefault(b => b.Name == r.Name)?.Count ?? 0)).ToList(),
            now.Sprays,
            now.Distributed,
            topCountries.Select(r => new RankedChange(
                Location.GeoLocation.Describe(r.Name, null, null), r.Count, countriesBefore.FirstOrDefault(b => b.Name == r.Name)?.Count ?? 0)).ToList());
    }

    private sealed record Figures(
        long Failures, int Addresses, int Accounts, List<AttackFinding> Sprays, List<AttackFinding> Distributed,
        Dictionary<int, long> LocksByTier, int Blocks, int NewDevices);

    private async Task<Figures> FiguresAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var (h0, h1) = (HourOf(from), HourOf(to));
        var counts = db.AttemptCounts.AsNoTracking().Where(c => c.Period >= h0 && c.Period < h1);
        var failureNames = LoginOutcomes.FailureNames;
        var failures = await counts.Where(c => c.Kind == AttemptCountKind.OutcomeByHour && failureNames.Contains(c.Name)).SumAsync(c => c.Count, cancellationToken);
        var addresses = await counts.Where(c => c.Kind == AttemptCountKind.FailuresByAddressHour).Select(c => c.Name).Distinct().CountAsync(cancellationToken);
        var accounts = await counts.Where(c => c.Kind == AttemptCountKind.FailuresByAccountHour).Select(c => c.Name).Distinct().CountAsync(cancellationToken);

        var events = db.SecurityEvents.AsNoTracking().Where(e => e.At >= from && e.At < to);
        var sprays = (await events.Where(e => e.Type == SecurityEventType.PasswordSprayingDetected).OrderBy(e => e.At)
                .ToListAsync(cancellationToken))
            .Select(e => new AttackFinding(e.At, e.Address ?? "", e.DetailsAs<PasswordSprayingDetails>()?.Accounts ?? 0)).ToList();
        var distributed = (await events.Where(e => e.Type == SecurityEventType.DistributedAttackDetected).OrderBy(e => e.At)
                .ToListAsync(cancellationToken))
            .Select(e => new AttackFinding(e.At, (e.TargetUserName ?? "").ToLowerInvariant(), e.DetailsAs<DistributedAttackDetails>()?.Addresses ?? 0)).ToList();

        // Automatic locks of accounts; the tier is in the event's details (a few rows a week, not one per attempt).
        var locks = (await events.Where(e => e.Type == SecurityEventType.AccountLocked && e.Actor == SecurityEvent.SystemActor && e.TargetUserId != null)
                .ToListAsync(cancellationToken))
            .GroupBy(e => e.DetailsAs<AccountLockedDetails>()?.Tier ?? 0)
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var blocks = await events.CountAsync(e => e.Type == SecurityEventType.AddressBlocked, cancellationToken);
        var devices = await db.KnownDevices.AsNoTracking().CountAsync(d => d.CreatedAt >= from && d.CreatedAt < to, cancellationToken);
        return new Figures(failures, addresses, accounts, sprays, distributed, locks, blocks, devices);
    }

    /// <summary>
    /// Names with the most failures in [h0, h1): whole days from the daily counts, the hours around them from the
    /// hourly ones. With <paramref name="names"/>, those names' figures instead of the top ones.
    /// </summary>
    private async Task<List<Ranked>> TopAsync(AttemptCountKind hourly, AttemptCountKind daily, long h0, long h1, List<string>? names, CancellationToken cancellationToken)
    {
        if (names is { Count: 0 })
        {
            return [];
        }

        var d0 = (h0 + 23) / 24;
        var d1 = Math.Max(d0, h1 / 24);
        var (dh0, dh1) = (d0 * 24, d1 * 24);
        var rows = db.AttemptCounts.AsNoTracking().Where(c =>
            (c.Kind == daily && c.Period >= d0 && c.Period < d1)
            || (c.Kind == hourly && c.Period >= h0 && c.Period < h1 && (c.Period < dh0 || c.Period >= dh1)));
        if (names is not null)
        {
            rows = rows.Where(c => names.Contains(c.Name));
        }

        var grouped = rows.GroupBy(c => c.Name).Select(g => new { Name = g.Key, Count = g.Sum(c => c.Count) });
        var list = names is null
            ? await grouped.OrderByDescending(r => r.Count).ThenBy(r => r.Name).Take(TopCount).ToListAsync(cancellationToken)
            : await grouped.ToListAsync(cancellationToken);
        return list.Select(r => new Ranked(r.Name, r.Count)).ToList();
    }

    private sealed record NetworkCount(string Prefix, long Count);

    /// <summary>
    /// Failures per network, grouped in SQL by the front of the address sort key: 30 hex digits are an IPv4 /24
    /// (::ffff:a.b.c.0/120), 16 an IPv6 /64.
    /// </summary>
    private async Task<List<NetworkCount>> NetworksAsync(DateTimeOffset from, DateTimeOffset to, List<string>? prefixes, CancellationToken cancellationToken)
    {
        if (prefixes is { Count: 0 })
        {
            return [];
        }

        var failures = LoginOutcomes.Failures;
        var keyed = db.LoginAttempts.AsNoTracking()
            .Where(a => a.At >= from && a.At < to && a.AddressKey != null && failures.Contains(a.Outcome))
            .Select(a => new
            {
                Prefix = a.AddressKey!.StartsWith(ClientAddress.MappedIPv4SortKeyPrefix) ? a.AddressKey.Substring(0, IPv4NetworkDigits) : a.AddressKey.Substring(0, ClientAddress.IPv6KeyDigits),
                a.Count,
            });
        if (prefixes is not null)
        {
            keyed = keyed.Where(a => prefixes.Contains(a.Prefix));
        }

        var grouped = keyed.GroupBy(a => a.Prefix).Select(g => new { Prefix = g.Key, Count = g.Sum(a => (long)a.Count) });
        var list = prefixes is null
            ? await grouped.OrderByDescending(r => r.Count).ThenBy(r => r.Prefix).Take(TopCount).ToListAsync(cancellationToken)
            : await grouped.ToListAsync(cancellationToken);
        return list.Select(r => new NetworkCount(r.Prefix, r.Count)).ToList();
    }

    /// <summary>Failures per country of the address (attempts placed by <c>Geo:CountryDatabase</c>), grouped in SQL.</summary>
    private async Task<List<Ranked>> CountriesAsync(DateTimeOffset from, DateTimeOffset to, List<string>? codes, CancellationToken cancellationToken)
    {
        if (codes is { Count: 0 })
        {
            return [];
        }

        var failures = LoginOutcomes.Failures;
        var placed = db.LoginAttempts.AsNoTracking().Where(a => a.At >= from && a.At < to && a.Country != null && failures.Contains(a.Outcome));
        if (codes is not null)
        {
            placed = placed.Where(a => codes.Contains(a.Country!));
        }

        var grouped = placed.GroupBy(a => a.Country!).Select(g => new { Name = g.Key, Count = g.Sum(a => (long)a.Count) });
        var list = codes is null
            ? await grouped.OrderByDescending(r => r.Count).ThenBy(r => r.Name).Take(TopCount).ToListAsync(cancellationToken)
            : await grouped.ToListAsync(cancellationToken);
        return list.Select(r => new Ranked(r.Name, r.Count)).ToList();
    }

    private const int IPv4NetworkDigits = 30;

    private static string NetworkName(string prefix) =>
        prefix.Length == IPv4NetworkDigits ? ClientAddress.KeyFromSortKeyPart(prefix) + "/24" : ClientAddress.KeyFromSortKeyPart(prefix);

    private static long HourOf(DateTimeOffset at) => at.UtcTicks / TimeSpan.TicksPerHour;
}
