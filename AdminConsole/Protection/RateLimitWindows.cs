using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace AdminConsole.Protection;

/// <summary>
/// The limiters of the rate-limit partitions alive now, by partition key, so an answer can tell its client where it
/// stands. ASP.NET Core's partitioned limiter creates them through <see cref="Create"/> and disposes idle ones,
/// which removes them here.
/// </summary>
public sealed class RateLimitWindows
{
    private readonly ConcurrentDictionary<string, ClientWindowLimiter> live = new(StringComparer.Ordinal);

    internal RateLimiter Create(string key, RateLimit limit)
    {
        var limiter = new ClientWindowLimiter(limit, disposed => live.TryRemove(new KeyValuePair<string, ClientWindowLimiter>(key, disposed)));
        live[key] = limiter;
        return limiter;
    }

    /// <summary>The window of the partition with this key, or null when no limiter counts for it.</summary>
    public RateLimitWindow? Find(string key) => live.TryGetValue(key, out var limiter) ? limiter.Current() : null;
}
