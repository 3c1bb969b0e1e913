using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Attempts;

public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Attempts and their dashboard counts older than this many days are deleted. At least 31: the dashboard shows 30.</summary>
    public int AttemptDays { get; set; } = 180;

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per DELETE: each batch is its own short transaction, so sign-ins keep getting the write lock.</summary>
    public int BatchSize { get; set; } = 5_000;
}

/// <summary>
/// Keeps the database bounded: deletes attempts, and the counts kept from them, older than
/// <see cref="RetentionOptions.AttemptDays"/>, in small batches, and records each run that deleted anything as a
/// security event. Audit entries (security events) are never deleted here.
/// </summary>
public sealed partial class AttemptRetention(
    IServiceScopeFactory scopes,
    IOptionsMonitor<RetentionOptions> options,
    TimeProvider time,
    ILogger<AttemptRetention> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first run waits a minute, so a start is never slowed by a large delete.
        var wait = TimeSpan.FromMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, time, stoppingToken);
                wait = options.CurrentValue.Interval;
                await PurgeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPurgeFailed(e);
            }
        }
    }

    /// <summary>One run; returns how many attempt rows it deleted.</summary>
    public async Task<long> PurgeAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var cutoff = now - TimeSpan.FromDays(o.AttemptDays);
        var cutoffHour = cutoff.UtcTicks / TimeSpan.TicksPerHour;
        var cutoffDay = cutoffHour / 24;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();

        long attempts = 0;
        int deleted;
        do
        {
            deleted = await db.LoginAttempts.Where(a => a.At < cutoff).OrderBy(a => a.Id).Take(o.BatchSize).ExecuteDeleteAsync(cancellationToken);
            attempts += deleted;
        }
        while (deleted == o.BatchSize);

        var counts = await db.AttemptCounts
            .Where(c => (c.Kind == AttemptCountKind.FailuresByAddressDay || c.Kind == AttemptCountKind.FailuresByAccountDay)
                ? c.Period < cutoffDay
                : c.Period < cutoffHour)
            .ExecuteDeleteAsync(cancellationToken);

        if (attempts > 0 || counts > 0)
        {
            db.SecurityEvents.Add(new SecurityEvent
            {
                At = now,
                Type = SecurityEventType.AttemptsPurged,
                Severity = SecurityEventSeverity.Info,
                Actor = SecurityEvent.SystemActor,
                Reason = $"Retention: attempts older than {o.AttemptDays} days",
                Details = JsonSerializer.Serialize(new { Attempts = attempts, Counts = counts, Before = cutoff }),
            });
            await db.SaveChangesAsync(cancellationToken);
            LogPurged(attempts, counts, cutoff);
        }

        return attempts;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Attempts} attempts and {Counts} counts from before {Cutoff}.")]
    private partial void LogPurged(long attempts, int counts, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention run failed; it runs again after the interval.")]
    private partial void LogPurgeFailed(Exception exception);
}
