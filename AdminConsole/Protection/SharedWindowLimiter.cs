using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace AdminConsole.Protection;

/// <summary>
/// One client partition's fixed window counted in Redis (RedisRateLimiting's limiter), so every instance draws on the
/// same permits. While Redis is unreachable the partition counts in this process instead
/// (<see cref="ClientWindowLimiter"/>: per-instance limits, never no limit), and goes back to Redis by itself when it
/// answers again.
/// </summary>
internal sealed class SharedWindowLimiter : ReplenishingRateLimiter, IRateLimitWindow
{
    /// <summary>
    /// The system clock, not the app's <see cref="TimeProvider"/>: the window's reset comes back from Redis as wall-clock
    /// Unix time, so the time left in it is measured against the wall clock.
    /// </summary>
    private static readonly TimeProvider Clock = TimeProvider.System;

    private readonly IConnectionMultiplexer redis;
    private readonly RedisFixedWindowRateLimiter<string> shared;
    private readonly ClientWindowLimiter local;
    private readonly Action<SharedWindowLimiter> disposed;
    private readonly int permitLimit;
    private volatile SharedState? last;
    private long lastUsed = Clock.GetTimestamp();

    public SharedWindowLimiter(string key, RateLimit limit, IConnectionMultiplexer redis, Action<SharedWindowLimiter> disposed)
    {
        this.redis = redis;
        this.disposed = disposed;
        permitLimit = limit.PermitLimit;
        shared = new RedisFixedWindowRateLimiter<string>("adminconsole:" + key, new RedisFixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            ConnectionMultiplexerFactory = () => redis,
        });
        local = new ClientWindowLimiter(limit, _ => { });
    }

    /// <summary>True while the last answer came from this process's own count (Redis unreachable).</summary>
    public bool Local { get; private set; }

    public override TimeSpan ReplenishmentPeriod => local.ReplenishmentPeriod;

    public override bool IsAutoReplenishing => false;

    /// <summary>Idle once unused for a while, unless the local fallback still holds used permits.</summary>
    public override TimeSpan? IdleDuration =>
        local.IdleDuration is null ? null : Clock.GetElapsedTime(Interlocked.Read(ref lastUsed));

    public override bool TryReplenish() => local.TryReplenish();

    public RateLimitWindow Current()
    {
        if (Local || last is not { } state)
        {
            return local.Current();
        }

        var reset = DateTimeOffset.FromUnixTimeSeconds(state.ResetAt) - Clock.GetUtcNow();
        return new RateLimitWindow(permitLimit, (int)Math.Max(0, state.Remaining), reset > TimeSpan.Zero ? reset : TimeSpan.Zero);
    }

    public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

    /// <summary>Redis needs a round trip, so the middleware goes on to <see cref="AcquireAsyncCore"/> (as RedisRateLimiting does).</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Interlocked.Exchange(ref lastUsed, Clock.GetTimestamp());
        if (redis.IsConnected)
        {
            return shared.AttemptAcquire(permitCount);
        }

        Local = true;
        return local.AttemptAcquire(permitCount);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref lastUsed, Clock.GetTimestamp());
        if (redis.IsConnected)
        {
            try
            {
                var lease = await shared.AcquireAsync(permitCount, cancellationToken);
                lease.TryGetMetadata(RateLimitMetadataName.Remaining, out var remaining);
                var resetAt = lease.TryGetMetadata(RateLimitMetadataName.Reset, out var at) ? at
                    : Clock.GetUtcNow().Add(local.ReplenishmentPeriod).ToUnixTimeSeconds();
                last = new SharedState(remaining, resetAt);
                Local = false;
                return lease;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Redis went away between the check and the call: count here, as while it is down.
            }
        }

        Local = true;
        return local.AttemptAcquire(permitCount);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            shared.Dispose();
            local.Dispose();
            disposed(this);
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await shared.DisposeAsync();
        await local.DisposeAsync();
        disposed(this);
        await base.DisposeAsyncCore();
    }

    private sealed record SharedState(long Remaining, long ResetAt);
}
