using System.Data;
using System.Data.Common;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace AdminConsole.Core.Instances;

/// <summary>
/// Records when this instance loses and regains Redis: one security event per change of state, not one per request.
/// Losing it raises a Warning notification (instances reporting the same outage add to one notification, see
/// <see cref="Notifications.NotificationRules"/>); regaining it is an Info event in the audit log.
/// </summary>
public sealed partial class RedisAvailability(
    Audit.ISecurityEventLog eventLog,
    IConnectionMultiplexer redis,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<RedisAvailability> logger) : IHostedService
{
    private int down;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed += OnFailed;
        redis.ConnectionRestored += OnRestored;
        if (!redis.IsConnected)
        {
            MarkDown("not reachable at start");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnFailed;
        redis.ConnectionRestored -= OnRestored;
        return Task.CompletedTask;
    }

    private void OnFailed(object? sender, ConnectionFailedEventArgs e) =>
        MarkDown($"{e.FailureType} on {(e.EndPoint?.ToString() ?? "Redis")}");

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (redis.IsConnected && Interlocked.Exchange(ref down, 0) == 1)
        {
            LogRestored();
            _ = RecordAsync(SecurityEventType.SharedStateRestored, SecurityEventSeverity.Info,
                "Redis is reachable again: request limits and changes are shared between instances again.", null);
        }
    }

    private void MarkDown(string failure)
    {
        if (Interlocked.Exchange(ref down, 1) == 0)
        {
            LogLost(failure);
            _ = RecordAsync(SecurityEventType.SharedStateUnavailable, SecurityEventSeverity.Warning, RedisHealthCheck.Unreachable, failure);
        }
    }

    /// <summary>
    /// Serializable, so instances that lose Redis at the same moment add to one notification instead of each
    /// creating one (the notification writer reads, then inserts or counts); a loser of that race tries again at once.
    /// </summary>
    private async Task RecordAsync(SecurityEventType type, SecurityEventSeverity severity, string reason, string? failure)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable);
                await eventLog.AddAsync(db, SecurityEvents.SharedState(type, severity, reason, new SharedStateDetails(Environment.MachineName, failure), time.GetUtcNow()), CancellationToken.None);
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or DbException)
            {
                // A serialization failure (PostgreSQL, SQL Server) is retried at once, as the database asks: the
                // winner has committed by then, so the retry reads its notification and adds to it.
                if (attempt == 3)
                {
                    LogNotRecorded(type, e);
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 4004, EventName = "RedisLost", Level = LogLevel.Warning,
        Message = "Redis lost ({Failure}): request limits now count per instance, changes reach other instances at their next refresh")]
    private partial void LogLost(string failure);

    [LoggerMessage(EventId = 4005, EventName = "RedisRestored", Level = LogLevel.Information,
        Message = "Redis is back: request limits and changes are shared again")]
    private partial void LogRestored();

    [LoggerMessage(EventId = 4006, EventName = "RedisStateNotRecorded", Level = LogLevel.Error,
        Message = "The {Type} event could not be written")]
    private partial void LogNotRecorded(SecurityEventType type, Exception exception);
}
