using AdminConsole.Core.Audit;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Attempts;

public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>The least <see cref="AttemptDays"/> may be: the dashboard shows the last 30 days.</summary>
    public const int MinAttemptDays = 31;

    /// <summary>Attempts and their dashboard counts older than this many days are deleted. At least 31: the dashboard shows 30.</summary>
    public int AttemptDays { get; set; } = 180;

    /// <summary>
    /// Security events (the audit log), admin notifications and ended or expired address rules older than this many
    /// days are deleted. At least 90; a year by default, the usual audit-log retention.
    /// </summary>
    public int EventDays { get; set; } = 365;

    /// <summary>
    /// Sent mails, and mails still undelivered, older than this many days are deleted from the outbox (their links
    /// carry tokens that have long expired). At least 1.
    /// </summary>
    public int MailDays { get; set; } = 7;

    /// <summary>
    /// Attempt addresses (and the per-address dashboard counts) older than this many days are replaced by a keyed
    /// pseudonym (<see cref="AddressPseudonyms"/>): old history still groups by address but no longer names one.
    /// From 1 to <see cref="AttemptDays"/>; 30 by default.
    /// </summary>
    public int AddressDays { get; set; } = 30;

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per DELETE: each batch is its own short transaction, so sign-ins keep getting the write lock.</summary>
    public int BatchSize { get; set; } = 5_000;
}

/// <summary>
/// Keeps every table that grows bounded: attempts and the counts kept from them after
/// <see cref="RetentionOptions.AttemptDays"/> (in small batches); lockout rows of names that are not accounts once
/// they are neither locked nor inside the failure window (with consecutive failures, once those are older than the
/// attempt retention); address counters that neither block nor remember a recent
/// block; security events, notifications and ended address rules after <see cref="RetentionOptions.EventDays"/>;
/// outbox mail after <see cref="RetentionOptions.MailDays"/>. Each run that deleted anything is itself recorded as a
/// security event with what it removed.
/// </summary>
public sealed partial class AttemptRetention(
    Audit.ISecurityEventLog eventLog,
    IServiceScopeFactory scopes,
    IOptionsMonitor<RetentionOptions> options,
    IOptionsMonitor<Lockout.LockoutPolicyOptions> lockout,
    IOptionsMonitor<IpProtection.AddressBlockingOptions> blocking,
    IOptions<SignIn.AdmissionOptions> admission,
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
    public async Task<long> PurgeAsync(CancellationToken cancellationToken) => (await RunAsync(cancellationToken)).Attempts;

    /// <summary>One run; returns what it deleted.</summary>
    public Task<RetentionRun> RunAsync(CancellationToken cancellationToken) => RunAsync(options.CurrentValue.AttemptDays, cancellationToken);

    /// <summary>
    /// One run that keeps attempts for <paramref name="attemptDays"/> instead of <c>Retention:AttemptDays</c> (the
    /// cleanup command); the other settings apply as configured. Returns what it deleted.
    /// </summary>
    public async Task<RetentionRun> RunAsync(int attemptDays, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptDays, RetentionOptions.MinAttemptDays);
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var cutoff = now - TimeSpan.FromDays(attemptDays);
        var cutoffHour = cutoff.UtcTicks / TimeSpan.TicksPerHour;
        var cutoffDay = cutoffHour / 24;
        var eventCutoff = now - TimeSpan.FromDays(o.EventDays);
        var mailCutoff = now - TimeSpan.FromDays(o.MailDays);
        var failureWindowStart = now - lockout.CurrentValue.FailureWindow;
        var b = blocking.CurrentValue;
        var addressWindowStart = now - b.Window;
        var repeatWindowStart = now - b.RepeatWindow;
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

        // Rows for names that are not accounts only exist to make a phantom lock look real; accounts keep theirs.
        var lockoutStore = scope.ServiceProvider.GetRequiredService<Lockout.LockoutStore>();
        var lockouts = await lockoutStore.PurgeUnknownNamesAsync(now, failureWindowStart, cutoff, cancellationToken);
        await lockoutStore.PurgeWrongPasswordsAsync(failureWindowStart, cancellationToken);
        var throttles = await db.AddressThrottles
            .Where(t => (t.BlockedUntil == null || t.BlockedUntil <= now) && t.WindowStart < addressWindowStart
                && (t.LastBlockAt == null || t.LastBlockAt < repeatWindowStart))
            .ExecuteDeleteAsync(cancellationToken);
        var rules = await db.IpRules
            .Where(r => (r.EndedAt != null && r.EndedAt < eventCutoff) || (r.EndedAt == null && r.ExpiresAt != null && r.ExpiresAt < eventCutoff))
            .ExecuteDeleteAsync(cancellationToken);
        var oldNotifications = db.AdminNotifications.Where(n => n.LastAt < eventCutoff);
        await db.NotificationReads.Where(r => oldNotifications.Any(n => n.Id == r.NotificationId)).ExecuteDeleteAsync(cancellationToken);
        var notifications = await oldNotifications.ExecuteDeleteAsync(cancellationToken);
        var events = await db.SecurityEvents.Where(e => e.At < eventCutoff).ExecuteDeleteAsync(cancellationToken);
        // Sessions that ended (or expired unended) and devices that were forgotten are history like the audit log;
        // a device unseen for longer than its cookie lives can never come back.
        var deadSessions = db.UserSessions.Where(x => (x.EndedAt != null && x.EndedAt < eventCutoff) || (x.EndedAt == null && x.ExpiresAt != null && x.ExpiresAt < eventCutoff));
        var sessions = await deadSessions.ExecuteDeleteAsync(cancellationToken);

        // The OpenID Connect server's tokens and grants (the token API's too) that can no longer be used: spent,
        // revoked or expired before the cutoff.
        await scope.ServiceProvider.GetRequiredService<OpenIddict.Abstractions.IOpenIddictTokenManager>().PruneAsync(eventCutoff, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<OpenIddict.Abstractions.IOpenIddictAuthorizationManager>().PruneAsync(eventCutoff, cancellationToken);
        var unseenSince = now - admission.Value.KnownDeviceLifetime;
        var devices = await db.KnownDevices
            .Where(d => (d.RevokedAt != null && d.RevokedAt < eventCutoff) || d.LastSeenAt < unseenSince)
            .ExecuteDeleteAsync(cancellationToken);
        var pseudonymised = await scope.ServiceProvider.GetRequiredService<AddressPseudonyms>()
            .PseudonymiseAsync(now - TimeSpan.FromDays(Math.Min(o.AddressDays, attemptDays)), o.BatchSize, cancellationToken);
        var undelivered = await db.OutboxMails.CountAsync(m => m.SentAt == null && m.CreatedAt < mailCutoff, cancellationToken);
        var mails = await db.OutboxMails.Where(m => m.CreatedAt < mailCutoff).ExecuteDeleteAsync(cancellationToken);

        // Webhook deliveries are an outbox like mail: once delivered or given up, their payloads (names, addresses)
        // go after the same days; one still being retried stays.
        var deliveries = await db.WebhookDeliveries
            .Where(d => d.CreatedAt < mailCutoff && (d.DeliveredAt != null || d.GaveUpAt != null))
            .ExecuteDeleteAsync(cancellationToken);

        var run = new RetentionRun(attempts, counts, lockouts, throttles, rules, notifications, events, mails, undelivered, sessions, devices, pseudonymised, deliveries);
        if (run.Any)
        {
            await eventLog.AddAsync(db, SecurityEvents.AttemptsPurged(
                $"Retention: attempts older than {attemptDays} days, events older than {o.EventDays}, mail older than {o.MailDays}, addresses pseudonymised after {Math.Min(o.AddressDays, attemptDays)}"
                    + (undelivered > 0 ? $"; {undelivered} mail(s) were never delivered" : ""),
                new AttemptsPurgedDetails(
                    attempts, counts, cutoff, lockouts, throttles, rules, notifications, sessions, devices,
                    events, eventCutoff, mails, undelivered, deliveries, pseudonymised),
                now), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            LogPurged(attempts, counts, cutoff);
        }

        return run;
    }

    [LoggerMessage(EventId = 1201, EventName = "AttemptsPurged", Level = LogLevel.Information,
        Message = "Retention deleted {Attempts} attempts and {Counts} counts from before {Cutoff}.")]
    private partial void LogPurged(long attempts, int counts, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 1202, EventName = "AttemptRetentionFailed", Level = LogLevel.Error,
        Message = "Retention run failed; it runs again after the interval.")]
    private partial void LogPurgeFailed(Exception exception);
}

/// <summary>What one retention run deleted.</summary>
public sealed record RetentionRun(
    long Attempts, int Counts, int Lockouts, int AddressCounters, int Rules, int Notifications, int Events, int Mails, int UndeliveredMails,
    int Sessions = 0, int Devices = 0, long Pseudonymised = 0, int WebhookDeliveries = 0)
{
    public bool Any => Attempts + Counts + Lockouts + AddressCounters + Rules + Notifications + Events + Mails + Sessions + Devices + Pseudonymised + WebhookDeliveries > 0;
}
