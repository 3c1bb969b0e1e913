using System.Globalization;
using AdminConsole.Core.Data;
using AdminConsole.Core.Links;
using AdminConsole.Core.Mail;
using AdminConsole.Core.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Reports;

/// <summary>
/// Mails the suspicious-activity report of the past week to the admin recipients once a week, from
/// <see cref="WeeklyDigestOptions.Hour"/> on <see cref="WeeklyDigestOptions.Day"/>, through the outbox. Once means
/// once across instances and restarts: the week's <see cref="WeeklyDigest"/> row is written in the same transaction
/// as the mails, and its key refuses a second writer. An instance that was down at the hour sends it when it
/// comes back, within the same week.
/// </summary>
public sealed partial class WeeklyDigestSender(
    IServiceScopeFactory scopes,
    IOptionsMonitor<WeeklyDigestOptions> options,
    SecurityEventEffects effects,
    PublicLinks links,
    MailSignal mailSignal,
    TimeProvider time,
    ILogger<WeeklyDigestSender> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
                await Task.Delay(options.CurrentValue.CheckInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(e);
                await Task.Delay(options.CurrentValue.CheckInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Queues this week's digest when it is due and not queued yet; returns whether this call queued it.</summary>
    public async Task<bool> SendDueAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var weekEnd = ActivityReports.WeekStart(now, o.Day);
        if (!o.Enabled || now < weekEnd.AddHours(o.Hour))
        {
            return false;
        }

        var week = weekEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        if (await db.WeeklyDigests.AnyAsync(d => d.Week == week, cancellationToken))
        {
            return false;
        }

        var report = await scope.ServiceProvider.GetRequiredService<ActivityReports>().GetAsync(weekEnd.AddDays(-7), weekEnd, cancellationToken);
        var recipients = await effects.AdminRecipientsAsync(db, cancellationToken);
        db.WeeklyDigests.Add(new WeeklyDigest { Week = week, SentAt = now, Recipients = recipients.Count });
        foreach (var to in recipients)
        {
            db.OutboxMails.Add(DigestMail.Compose(to, report, links, now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance queued this week's digest first; its row and mails stand, ours are not written.
            return false;
        }

        mailSignal.Notify();
        LogQueued(week, recipients.Count);
        return true;
    }

    [LoggerMessage(EventId = 3501, EventName = "WeeklyDigestQueued", Level = LogLevel.Information,
        Message = "The weekly digest up to {Week} was queued for {Recipients} recipients.")]
    private partial void LogQueued(string week, int recipients);

    [LoggerMessage(EventId = 3502, EventName = "WeeklyDigestFailed", Level = LogLevel.Warning,
        Message = "The weekly digest could not be queued; it is tried again at the next check.")]
    private partial void LogFailed(Exception exception);
}
