using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace AdminConsole.Core.Instances;

/// <summary>
/// Redis answers a ping. Unreachable is Degraded, not Unhealthy: sign-in and lockout live in the database and go on,
/// only sharing stops (request limits count per instance, changes reach other instances at their next refresh), so a
/// load balancer should keep sending traffic (Degraded answers 200).
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public const string Unreachable =
        "Redis is unreachable: request limits count per instance and changes reach other instances at their next refresh.";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Degraded(Unreachable);
        }

        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"Redis answers in {latency.TotalMilliseconds:0.#} ms.",
                new Dictionary<string, object> { ["latencyMs"] = Math.Round(latency.TotalMilliseconds, 1) });
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded(Unreachable, e);
        }
    }
}
