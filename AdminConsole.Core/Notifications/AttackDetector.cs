using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.IpProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Notifications;

/// <summary>
/// Scans recent failures for patterns no single attempt shows: one address failing against many accounts
/// (password spraying) and one account failing from many addresses (a distributed attack). Each finding is a
/// security event, raised once per subject per aggregation window (so are accounts under automated, faster than
/// human, failures); the notification it raises carries the count.
/// It runs beside sign-in, so it costs no sign-in anything.
/// </summary>
public sealed partial class AttackDetector(
    Audit.ISecurityEventLog eventLog,
    IServiceScopeFactory scopes,
    IOptionsMonitor<NotificationOptions> options,
    TimeProvider time,
    ILogger<AttackDetector> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.DetectionInterval, time, stoppingToken);
                await ScanAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogScanFailed(e);
            }
        }
    }

    /// <summary>One scan; returns how many findings it recorded.</summary>
    public async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var since = now - o.DetectionWindow;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var failures = db.LoginAttempts.Where(a => a.At > since && LoginOutcomes.Failures.Contains(a.Outcome));

        // Addresses are grouped by the key the blockers count by: an IPv4 address, or an IPv6 /64 (one host's).
        var keyed = failures.Where(a => a.AddressKey != null).Select(a => new
        {
            a.UserName,
            a.UserId,
            Key = a.AddressKey!.StartsWith(ClientAddress.MappedIPv4SortKeyPrefix) ? a.AddressKey : a.AddressKey.Substring(0, ClientAddress.IPv6KeyDigits),
        });
        var sprays = (await keyed.GroupBy(a => a.Key)
            .Select(g => new { g.Key, Accounts = g.Select(a => a.UserName).Distinct().Count() })
            .Where(g => g.Accounts >= o.SprayingAccounts)
            .ToListAsync(cancellationToken))
            .Select(g => new { Address = ClientAddress.KeyFromSortKeyPart(g.Key), g.Accounts });
        var distributed = await keyed.GroupBy(a => a.UserName)
            .Select(g => new { UserName = g.Key, UserId = g.Max(a => a.UserId), Addresses = g.Select(a => a.Key).Distinct().Count() })
            .Where(g => g.Addresses >= o.DistributedAddresses)
            .ToListAsync(cancellationToken);

        var recent = now - o.AggregationWindow;
        var found = 0;
        foreach (var spray in sprays)
        {
            if (await FreshAsync(db, NotificationType.PasswordSpraying, spray.Address, recent, spray.Accounts, cancellationToken))
            {
                await eventLog.AddAsync(db, SecurityEvents.PasswordSprayingDetected(
                    spray.Address, new PasswordSprayingDetails(spray.Accounts, (int)o.DetectionWindow.TotalSeconds), now), cancellationToken);
                found++;
            }
        }

        foreach (var target in distributed)
        {
            if (await FreshAsync(db, NotificationType.DistributedAttack, target.UserName, recent, target.Addresses, cancellationToken))
            {
                await eventLog.AddAsync(db, SecurityEvents.DistributedAttackDetected(
                    target.UserName, target.UserId, new DistributedAttackDetails(target.Addresses, (int)o.DetectionWindow.TotalSeconds), now), cancellationToken);
                found++;
            }
        }

        // Failures faster than a person types (LoginAttemptRecorder flags them): a script at work on one account.
        var automated = await failures.Where(a => a.Automated)
            .GroupBy(a => a.UserName)
            .Select(g => new { UserName = g.Key, UserId = g.Max(a => a.UserId), Attempts = g.Sum(a => a.Count) })
            .Where(g => g.Attempts >= o.AutomatedFailures)
            .ToListAsync(cancellationToken);
        foreach (var target in automated)
        {
            if (await FreshAsync(db, NotificationType.AutomatedSignIns, target.UserName, recent, target.Attempts, cancellationToken))
            {
                await eventLog.AddAsync(db, SecurityEvents.AutomatedSignInsDetected(
                    target.UserName, target.UserId, new AutomatedSignInsDetails(target.Attempts, (int)o.DetectionWindow.TotalSeconds), now), cancellationToken);
                found++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return found;
    }

    /// <summary>
    /// Whether a finding is new for this window. A finding already raised is only brought up to date: its count
    /// becomes the current figure (accounts or addresses), without another event.
    /// </summary>
    private static async Task<bool> FreshAsync(SecurityDbContext db, NotificationType type, string subject, DateTimeOffset since, int figure, CancellationToken cancellationToken)
    {
        var existing = await db.AdminNotifications.Where(n => n.Type == type && n.Subject == subject && n.CreatedAt > since)
            .OrderByDescending(n => n.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is null)
        {
            return true;
        }

        existing.Count = Math.Max(existing.Count, figure);
        return false;
    }

    [LoggerMessage(EventId = 3301, EventName = "AttackScanFailed", Level = LogLevel.Warning,
        Message = "The attack scan failed; it runs again at the next interval.")]
    private partial void LogScanFailed(Exception exception);
}
