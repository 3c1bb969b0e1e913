using System.Threading.RateLimiting;

namespace AdminConsole.Protection;

/// <summary>
/// ASP.NET Core's fixed window limiter for one client partition, which also knows when its window resets (for
/// <c>RateLimit-Reset</c>): it decides when the inner limiter replenishes, so both always share one window.
/// </summary>
internal sealed class ClientWindowLimiter : ReplenishingRateLimiter, IRateLimitWindow
{
    // The inner limiter measures its window with Stopwatch timestamps, so this one must too: the app's
    // TimeProvider (a fake clock in tests) would put the two windows apart.
    private static readonly TimeProvider Clock = TimeProvider.System;

    private readonly FixedWindowRateLimiter inner;
    private readonly Action<ClientWindowLimiter> disposed;
    private readonly Lock gate = new();
    private long windowStart;

    public ClientWindowLimiter(RateLimit limit, Action<ClientWindowLimiter> disposed)
    {
        PermitLimit = limit.PermitLimit;
        ReplenishmentPeriod = limit.Window;
        this.disposed = disposed;
        inner = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = false,
        });

        // Taken after the inner limiter started its window: whenever this window has passed, the inner one has too.
        windowStart = Clock.GetTimestamp();
    }

    public int PermitLimit { get; }

    public override TimeSpan ReplenishmentPeriod { get; }

    public override bool IsAutoReplenishing => false;

    public override TimeSpan? IdleDuration => inner.IdleDuration;

    /// <summary>Called by the partitioned limiter's timer; starts the next window once this one is over.</summary>
    public override bool TryReplenish()
    {
        lock (gate)
        {
            if (Clock.GetElapsedTime(windowStart) < ReplenishmentPeriod)
            {
                return false;
            }

            inner.TryReplenish();
            windowStart = Clock.GetTimestamp();
            return true;
        }
    }

    /// <summary>The limit, the permits left in this window and the time until it resets.</summary>
    public RateLimitWindow Current()
    {
        var left = ReplenishmentPeriod - Clock.GetElapsedTime(Volatile.Read(ref windowStart));
        var remaining = inner.GetStatistics()?.CurrentAvailablePermits ?? 0;
        return new RateLimitWindow(PermitLimit, (int)Math.Max(0, remaining), left > TimeSpan.Zero ? left : TimeSpan.Zero);
    }

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => inner.AttemptAcquire(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        inner.AcquireAsync(permitCount, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            disposed(this);
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await inner.DisposeAsync();
        disposed(this);
        await base.DisposeAsyncCore();
    }
}
