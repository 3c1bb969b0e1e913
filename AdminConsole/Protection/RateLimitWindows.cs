using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace AdminConsole.Protection;

/// <summary>A limiter that can tell a client where it stands in its window.</summary>
internal interface IRateLimitWindow
{
    RateLimitWindow Current();
}

/// <summary>
/// The limiters of the rate-limit partitions alive now, by partition key, so an answer can tell its client where it
/// stands. ASP.NET Core's partitioned limiter creates them through <see cref="Create"/> and disposes idle ones,
/// which removes them here. With Redis configured each partition counts in Redis (<see cref="SharedWindowLimiter"/>),
/// shared by every instance; without it, in this process (<see cref="ClientWindowLimiter"/>).
/// </summary>
public sealed class RateLimitWindows(IServiceProvider services)
{
    private readonly ConcurrentDictionary<string, IRateLimitWindow> live = new(StringComparer.Ordinal);
    private readonly IConnectionMultiplexer? redis = services.GetService<IConnectionMultiplexer>();

    internal RateLimiter Create(string key, RateLimit limit)
    {
        RateLimiter limiter = redis is null
            ? new ClientWindowLimiter(limit, disposed => live.TryRemove(new KeyValuePair<string, IRateLimitWindow>(key, disposed)))
            : new SharedWindowLimiter(key, limit, redis, disposed => live.TryRemove(new KeyValuePair<string, IRateLimitWindow>(key, disposed)));
        live[key] = (IRateLimitWindow)limiter;
        return limiter;
    }

    /// <summary>
    /// Who counts the limits, in words, from the configuration in force: every instance together when Redis is
    /// configured and reachable; each instance alone without Redis, or while it is unreachable.
    /// </summary>
    public string Counting => redis is null ? "per client, per instance"
        : redis.IsConnected ? "per client, shared by every instance"
        : "per client, per instance while Redis is unreachable";

    /// <summary>The window of the partition with this key, or null when no limiter counts for it.</summary>
    public RateLimitWindow? Find(string key) => live.TryGetValue(key, out var limiter) ? limiter.Current() : null;
}
