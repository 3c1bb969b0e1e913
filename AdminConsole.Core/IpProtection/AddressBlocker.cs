using System.Linq.Expressions;
using System.Net;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Text;

namespace AdminConsole.Core.IpProtection;

/// <summary>
/// Counts sign-in failures per client key, durably and atomically like account failures, and blocks the key
/// when it fails too often: the block is an automatic deny <see cref="IpRule"/> (admins see it and can end it)
/// with a security event. Repeat blocks within the repeat window double, up to the maximum. Runs inside the
/// caller's transaction, on the caller's context.
/// </summary>
public sealed class AddressBlocker(
    Audit.ISecurityEventLog eventLog,
    SecurityDbContext db,
    AddressRuleCache cache,
    TrustedProxies proxies,
    IOptionsMonitor<AddressBlockingOptions> options,
    ILogger<AddressBlocker> logger)
{
    /// <summary>The counter key for an attempt's address, or null when it is not counted (allow-listed, unknown).</summary>
    public string? KeyFor(string address) =>
        IPAddress.TryParse(address, out var ip) && !cache.IsAllowListed(ip) ? ClientAddress.Key(ip) : null;

    /// <summary>The key's counters as they are now, or null when it has never failed.</summary>
    public Task<AddressThrottleState?> ReadAsync(string key, CancellationToken cancellationToken) =>
        db.AddressThrottles.AsNoTracking().Where(t => t.Key == key)
            .Select(t => new AddressThrottleState(t.Failures, t.WindowStart, t.Blocks, t.LastBlockAt, t.BlockedUntil))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Creates the counter row outside any transaction, so concurrent first failures cannot collide.</summary>
    public async Task EnsureCounterAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.AddressThrottles.AnyAsync(t => t.Key == key, cancellationToken))
        {
            return;
        }

        await db.InsertIfMissingAsync(new AddressThrottle { Key = key, WindowStart = now }, cancellationToken);
    }

    /// <summary>Counts one failure; returns the automatic rule when this failure blocked the key.</summary>
    public async Task<IpRule?> CountFailureAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var windowStart = now - o.Window;
        await db.AddressThrottles
            .Where(t => t.Key == key && (t.BlockedUntil == null || t.BlockedUntil <= now))
            .ExecuteUpdateAsync(
                s => s.SetProperty(t => t.Failures, t => t.WindowStart <= windowStart ? 1 : t.Failures + 1)
                      .SetProperty(t => t.WindowStart, t => t.WindowStart <= windowStart ? now : t.WindowStart),
                cancellationToken);

        // The caller's transaction holds the write lock, so only one request can make this transition.
        var blocked = await db.AddressThrottles
            .Where(t => t.Key == key && t.Failures >= o.Failures && (t.BlockedUntil == null || t.BlockedUntil <= now))
            .ExecuteUpdateAsync(BlockSetters(now), cancellationToken);
        return blocked == 0
            ? null
            : await RecordBlockAsync(key, now, $"{o.Failures} failed sign-ins in {DurationText.Describe(o.Window)}", SecurityEventType.AddressBlocked, cancellationToken);
    }

    /// <summary>
    /// A sign-in attempt at a honeypot name (<see cref="AddressBlockingOptions.HoneypotNames"/>): no real account has
    /// it, so whoever tries it is probing. The key is blocked at once, as its next repeat block would be (doubling
    /// like any other), with its own event. Returns the rule, or null when the key is blocked already (or is a
    /// trusted proxy, which is never blocked).
    /// </summary>
    public async Task<IpRule?> BlockForHoneypotAsync(string key, string userName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var blocked = await db.AddressThrottles
            .Where(t => t.Key == key && (t.BlockedUntil == null || t.BlockedUntil <= now))
            .ExecuteUpdateAsync(BlockSetters(now), cancellationToken);
        return blocked == 0
            ? null
            : await RecordBlockAsync(key, now, $"Sign-in attempt at the honeypot name {TypedText.ForLog(userName.ToLowerInvariant())}", SecurityEventType.HoneypotNameUsed, cancellationToken);
    }

    /// <summary>After a counter row turned blocked: the automatic deny rule and its event (or, for a trusted proxy, the refusal).</summary>
    private async Task<IpRule?> RecordBlockAsync(string key, DateTimeOffset now, string reason, SecurityEventType type, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var row = await db.AddressThrottles.AsNoTracking().SingleAsync(t => t.Key == key, cancellationToken);
        if (proxies.ContainsKey(key))
        {
            // Blocking a trusted proxy would block every client behind it. The counter still pauses for the block's
            // length, so the alert is raised once per would-be block, not once per failure.
            await eventLog.AddAsync(db, SecurityEvents.AutomaticBlockRefused(
                key,
                $"{reason}, but {key} is a trusted proxy (Network:TrustedProxies): it was not blocked. "
                    + "Its clients' own addresses are not reaching the app; check that the proxy sends X-Forwarded-For.",
                new AutomaticBlockRefusedDetails(row.Blocks, row.BlockedUntil),
                now), cancellationToken);
            AddressLog.BlockRefusedForProxy(logger, key);
            return null;
        }

        var rule = new IpRule
        {
            Network = key,
            Kind = IpRuleKind.Deny,
            Source = IpRuleSource.Automatic,
            Reason = row.Blocks > 1 ? $"{reason} (block {row.Blocks} within {DurationText.Describe(o.RepeatWindow)})" : reason,
            CreatedBy = SecurityEvent.SystemActor,
            CreatedAt = now,
            ExpiresAt = row.BlockedUntil,
        };
        db.IpRules.Add(rule);
        await eventLog.AddAsync(db, SecurityEvents.AutomaticBlock(type, key, rule.Reason, new AutomaticBlockDetails(row.Blocks, row.BlockedUntil, row.BlockedUntil - now), now), cancellationToken);
        AddressLog.Blocked(logger, key, row.BlockedUntil!.Value, o.Failures);
        return rule;
    }

    /// <summary>
    /// <see cref="CountFailureAsync"/> as a pure function: a failure while the key is blocked counts nothing; a window
    /// older than <see cref="AddressBlockingOptions.Window"/> starts again at this failure; reaching
    /// <see cref="AddressBlockingOptions.Failures"/> blocks for <see cref="BlockLength"/> of the blocks in a row (a
    /// block within <see cref="AddressBlockingOptions.RepeatWindow"/> of the last one is a repeat) and starts the
    /// count afresh. The statements in <see cref="CountFailureAsync"/> and <see cref="BlockSetters"/> are the same
    /// rule in SQL (<c>PolicyRehearsalTests</c> replays sign-in's real blocks with it). Returns the state after and whether this
    /// failure blocked the key.
    /// </summary>
    public static (AddressThrottleState After, bool Blocked) CountFailure(AddressBlockingOptions o, AddressThrottleState before, DateTimeOffset now)
    {
        if (before.BlockedUntil > now)
        {
            return (before, false);
        }

        var restart = before.WindowStart <= now - o.Window;
        var counted = before with { Failures = restart ? 1 : before.Failures + 1, WindowStart = restart ? now : before.WindowStart };
        if (counted.Failures < o.Failures)
        {
            return (counted, false);
        }

        var repeat = before.LastBlockAt is { } last && last > now - o.RepeatWindow;
        var blocks = repeat ? before.Blocks + 1 : 1;
        return (new AddressThrottleState(0, now, blocks, now, now + BlockLength(o, blocks)), true);
    }

    /// <summary>The block length for the nth block in a row: the first duration, doubled each time, capped.</summary>
    public static TimeSpan BlockLength(AddressBlockingOptions o, int blocks)
    {
        var length = o.BlockDuration;
        for (var i = 1; i < blocks && length < o.MaxBlockDuration; i++)
        {
            length += length;
        }

        return length < o.MaxBlockDuration ? length : o.MaxBlockDuration;
    }

    private Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<AddressThrottle>> BlockSetters(DateTimeOffset now)
    {
        var o = options.CurrentValue;
        var repeatStart = now - o.RepeatWindow;
        var t = Expression.Parameter(typeof(AddressThrottle), "t");
        var last = Expression.Property(t, nameof(AddressThrottle.LastBlockAt));
        var repeat = Expression.AndAlso(
            Expression.NotEqual(last, Expression.Constant(null, typeof(DateTimeOffset?))),
            Expression.GreaterThan(last, SqlExpressions.Parameter<DateTimeOffset?>(repeatStart)));
        var blocks = Expression.Condition(
            repeat, Expression.Add(Expression.Property(t, nameof(AddressThrottle.Blocks)), Expression.Constant(1)), Expression.Constant(1));

        var steps = new List<(int When, Expression Then)>();
        for (var n = 1; BlockLength(o, n) < o.MaxBlockDuration; n++)
        {
            steps.Add((n, SqlExpressions.Parameter<DateTimeOffset?>(now + BlockLength(o, n))));
        }

        var until = SqlExpressions.Case(blocks, steps, SqlExpressions.Parameter<DateTimeOffset?>(now + o.MaxBlockDuration));
        return s => s.SetProperty(x => x.Blocks, SqlExpressions.Lambda<AddressThrottle, int>(blocks, t))
                     .SetProperty(x => x.BlockedUntil, SqlExpressions.Lambda<AddressThrottle, DateTimeOffset?>(until, t))
                     .SetProperty(x => x.LastBlockAt, now)
                     .SetProperty(x => x.Failures, 0)
                     .SetProperty(x => x.WindowStart, now);
    }
}
