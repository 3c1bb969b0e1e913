using System.Collections.Concurrent;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Core.IpProtection;

/// <summary>
/// Requests refused before any password check (an address rule, or a full hash queue) are counted in memory and
/// written as one attempt row per client key (the IPv4 address or IPv6 /64 the blockers count by), outcome and
/// minute ("N requests rejected"), so a flood costs no database write per request and history stays complete.
/// Memory is bounded: past <see cref="MaxKeysPerMinute"/> distinct keys in a minute (a flood from many addresses),
/// further keys are counted together in one row per outcome, under <see cref="OtherAddresses"/>.
/// Counts that cannot be written are kept for the next flush.
/// </summary>
public sealed class RejectionSummary(IServiceScopeFactory scopes, Telemetry.SecurityMetrics metrics, TimeProvider time, ILogger<RejectionSummary> logger)
{
    private readonly ConcurrentDictionary<(string Address, LoginOutcome Outcome, long Minute), int> counts = new();

    /// <summary>Distinct client keys counted per minute before the rest share one row.</summary>
    public const int MaxKeysPerMinute = 1000;

    /// <summary>The address of the row that stands for the keys past <see cref="MaxKeysPerMinute"/>.</summary>
    public const string OtherAddresses = "(other addresses)";

    private readonly ConcurrentDictionary<long, int> keysPerMinute = new();

    /// <summary>Counts one refused request from <paramref name="address"/> (an address, counted by its key). No I/O.</summary>
    public void Count(string address, LoginOutcome outcome = LoginOutcome.AddressBlocked)
    {
        metrics.Attempt(outcome);
        var minute = time.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute;
        var key = System.Net.IPAddress.TryParse(address, out var ip) ? ClientAddress.Key(ip) : address;
        if (counts.TryGetValue((key, outcome, minute), out _) || keysPerMinute.AddOrUpdate(minute, 1, (_, n) => n + 1) <= MaxKeysPerMinute)
        {
            counts.AddOrUpdate((key, outcome, minute), 1, (_, n) => n + 1);
            return;
        }

        counts.AddOrUpdate((OtherAddresses, outcome, minute), 1, (_, n) => n + 1);
    }

    /// <summary>Requests counted and not yet written.</summary>
    public int Pending => counts.Values.Sum();

    /// <summary>Writes the finished minutes (or every minute, when stopping) as summary rows.</summary>
    public async Task FlushAsync(bool includeCurrentMinute, CancellationToken cancellationToken)
    {
        var currentMinute = time.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute;
        var taken = new List<((string Address, LoginOutcome Outcome, long Minute) Key, int Count)>();
        foreach (var key in counts.Keys.Where(k => includeCurrentMinute || k.Minute < currentMinute).ToList())
        {
            if (counts.TryRemove(key, out var count))
            {
                taken.Add((key, count));
            }
        }

        foreach (var minute in keysPerMinute.Keys.Where(m => includeCurrentMinute || m < currentMinute).ToList())
        {
            keysPerMinute.TryRemove(minute, out _);
        }

        if (taken.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
            var locator = scope.ServiceProvider.GetService<Location.GeoLocator>();
            db.LoginAttempts.AddRange(taken.Select(t => new LoginAttempt
            {
                Country = locator?.Locate(t.Key.Address).Country,
                At = new DateTimeOffset(t.Key.Minute * TimeSpan.TicksPerMinute, TimeSpan.Zero),
                UserName = "",
                Address = t.Key.Address,
                Outcome = t.Key.Outcome,
                Count = t.Count,
            }));
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            foreach (var (key, count) in taken)
            {
                counts.AddOrUpdate(key, count, (_, n) => n + count);
            }

            AddressLog.SummaryFailed(logger, ex);
        }
    }
}
