using AdminConsole.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Mail;

/// <summary>
/// Sends the outbox in the background: woken when mail is committed, and polling in any case. A mail is claimed
/// by moving its next try forward (so two instances do not both send it), and on failure waits twice as long as
/// before (5 s, 10 s, … up to <see cref="MailOptions.MaxBackoff"/>) with the error kept. A mail server that is
/// down slows no request and loses no mail.
/// </summary>
public sealed partial class MailSender(
    IServiceScopeFactory scopes,
    MailTransport transport,
    MailSignal signal,
    Telemetry.SecurityMetrics metrics,
    IOptionsMonitor<MailOptions> options,
    TimeProvider time,
    ILogger<MailSender> log) : BackgroundService
{
    private static readonly TimeSpan ClaimLength = TimeSpan.FromMinutes(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!transport.UsesSmtp)
        {
            LogPickup(transport.PickupDirectory);
        }

        return OutboxLoop.RunAsync(SendDueAsync, ObserveBacklogAsync, signal, () => options.CurrentValue.PollInterval, time, LogOutboxUnavailable, stoppingToken);
    }

    /// <summary>Sends one batch of due mail; returns how many were tried.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var now = time.GetUtcNow();
        var due = await db.OutboxMails.AsNoTracking()
            .Where(m => m.SentAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Take(options.CurrentValue.BatchSize)
            .ToListAsync(cancellationToken);
        var claimed = new List<OutboxMail>();
        foreach (var mail in due)
        {
            var until = now + ClaimLength;
            var before = mail.NextAttemptAt;
            if (await db.OutboxMails.Where(m => m.Id == mail.Id && m.SentAt == null && m.NextAttemptAt == before)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, until), cancellationToken) == 1)
            {
                claimed.Add(mail);
            }
        }

        await transport.SendAsync(claimed, async (mail, error) =>
        {
            var at = time.GetUtcNow();
            var attempts = mail.Attempts + 1;
            if (error is null)
            {
                await db.OutboxMails.Where(m => m.Id == mail.Id).ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.SentAt, at).SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, (string?)null),
                    CancellationToken.None);
                LogSent(mail.Id, mail.Kind, attempts);
                return;
            }

            var next = at + OutboxLoop.Backoff(attempts, options.CurrentValue.MaxBackoff);
            var message = $"{error.GetType().Name}: {error.Message}";
            message = message.Length > OutboxMail.ErrorMaxLength ? message[..OutboxMail.ErrorMaxLength] : message;
            await db.OutboxMails.Where(m => m.Id == mail.Id).ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptAt, next).SetProperty(m => m.LastError, message),
                CancellationToken.None);
            LogFailed(mail.Id, mail.Kind, attempts, next, message);
        }, cancellationToken);
        return claimed.Count;
    }

    /// <summary>The backlog figures for the metrics: one indexed count and minimum per pass, never at scrape time.</summary>
    private async Task ObserveBacklogAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var unsent = db.OutboxMails.Where(m => m.SentAt == null);
        metrics.MailOutbox(new(await unsent.CountAsync(cancellationToken), await unsent.MinAsync(m => (DateTimeOffset?)m.CreatedAt, cancellationToken)));
    }

    [LoggerMessage(EventId = 3201, EventName = "MailPickupDirectory", Level = LogLevel.Information,
        Message = "No Mail:Smtp:Host: mail is written as .eml files to {Directory}.")]
    private partial void LogPickup(string directory);

    [LoggerMessage(EventId = 3202, EventName = "MailSent", Level = LogLevel.Information,
        Message = "Mail {Id} ({Kind}) sent after {Attempts} attempt(s).")]
    private partial void LogSent(long id, string kind, int attempts);

    [LoggerMessage(EventId = 3203, EventName = "MailNotSent", Level = LogLevel.Warning,
        Message = "Mail {Id} ({Kind}) not sent (attempt {Attempts}); next try at {Next}: {Error}")]
    private partial void LogFailed(long id, string kind, int attempts, DateTimeOffset next, string error);

    [LoggerMessage(EventId = 3204, EventName = "MailOutboxUnavailable", Level = LogLevel.Warning,
        Message = "The outbox could not be read; trying again later.")]
    private partial void LogOutboxUnavailable(Exception exception);
}
