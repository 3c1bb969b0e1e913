using System.Data.Common;
using System.Runtime.CompilerServices;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Mail;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Core.Notifications;

/// <summary>
/// Whatever writes a security event also writes what it causes, in the same SaveChanges and so the same
/// transaction: the admin notification (aggregated by type and subject) and the mails to the user and, for a new
/// Critical notification, to the admins. If any of it cannot be written, the event is not written either, and
/// the caller fails closed. Open consoles hear about notifications only after the transaction commits.
/// </summary>
public sealed class SecurityEventEffects(
    NotificationHub hub,
    MailSignal mailSignal,
    Webhooks.WebhookSignal webhookSignal,
    IOptionsMonitor<NotificationOptions> notificationOptions,
    Links.PublicLinks links,
    Lockout.UnlockLinks unlockLinks,
    IOptionsMonitor<MailOptions> mailOptions,
    Location.GeoLocator locator,
    TimeProvider time) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed record Pending(List<(AdminNotification Notification, bool IsNew)> Notifications, bool Mail, bool Webhooks);

    private readonly ConditionalWeakTable<DbContext, Pending> pending = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not SecurityDbContext db)
        {
            return result;
        }

        var events = db.ChangeTracker.Entries<SecurityEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (events.Count == 0)
        {
            return result;
        }

        var raised = new List<(AdminNotification, bool)>();
        var mail = false;
        var now = time.GetUtcNow();
        foreach (var e in events)
        {
            var location = Place(e.Address);
            if (NotificationRules.For(e) is { } spec)
            {
                var (notification, isNew) = await RaiseAsync(db, spec, e.At, location, cancellationToken);
                raised.Add((notification, isNew));
                if (isNew && spec.Severity == SecurityEventSeverity.Critical)
                {
                    foreach (var admin in await AdminRecipientsAsync(db, cancellationToken))
                    {
                        db.OutboxMails.Add(MailComposer.ForAdmin(notification, admin, links, now));
                        mail = true;
                    }
                }
            }

            if (MailComposer.MailsUser(e.Type) && e.TargetUserId is { } userId
                && await db.Users.Where(u => u.Id == userId).Select(u => new { u.Email, u.SecurityStamp }).SingleOrDefaultAsync(cancellationToken) is { Email: { } email } user
                && MailComposer.ForUser(e, email, links, now, UnlockLinkFor(e, userId, user.SecurityStamp), mailOptions.CurrentValue.SupportContact, location) is { } userMail)
            {
                db.OutboxMails.Add(userMail);
                mail = true;
            }
        }

        var webhooks = await EnqueueWebhooksAsync(db, events, now, cancellationToken);
        db.ChangeTracker.DetectChanges();
        pending.AddOrUpdate(db, new Pending(raised, mail, webhooks));
        return result;
    }

    /// <summary>
    /// The unlock link for the mail of an automatic lock its owner may lift: bound to that lock, which was set at the
    /// event's time and renewed the security stamp in this transaction. None for an admin's lock or one only an admin lifts.
    /// </summary>
    private string? UnlockLinkFor(SecurityEvent e, string userId, string? securityStamp) =>
        e.Type == SecurityEventType.AccountLocked && e.Actor == SecurityEvent.SystemActor && e.DetailsAs<AccountLockedDetails>() is { UntilAdminUnlocks: false }
            ? unlockLinks.LinkFor(userId, securityStamp, e.At)
            : null;

    /// <summary>One delivery per event and subscribed, enabled endpoint, in this SaveChanges: none is lost on a restart.</summary>
    private static async Task<bool> EnqueueWebhooksAsync(SecurityDbContext db, List<SecurityEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var kinds = events.Select(e => (Event: e, Kind: Webhooks.WebhookMessages.KindOf(e))).Where(x => x.Kind != Webhooks.WebhookEvents.None).ToList();
        if (kinds.Count == 0)
        {
            return false;
        }

        var deleted = db.ChangeTracker.Entries<Webhooks.WebhookEndpoint>().Where(e => e.State == EntityState.Deleted).Select(e => e.Entity.Id).ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.Enabled && !deleted.Contains(e.Id)).Select(e => new { e.Id, e.Events }).ToListAsync(cancellationToken);
        var any = false;
        foreach (var (e, kind) in kinds)
        {
            foreach (var endpoint in endpoints.Where(x => (x.Events & kind) != 0))
            {
                db.WebhookDeliveries.Add(new Webhooks.WebhookDelivery
                {
                    EndpointId = endpoint.Id,
                    MessageId = "msg_" + Guid.NewGuid().ToString("N"),
                    Type = Webhooks.WebhookMessages.TypeName(kind),
                    Payload = Webhooks.WebhookMessages.Payload(e, kind),
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
                any = true;
            }
        }

        return any;
    }

    /// <summary>The event's address placed, for the notification and the mail; null when it is not.</summary>
    private string? Place(string? address) =>
        locator.Locate(address).ToString() is { Length: > 0 } place ? place[..Math.Min(place.Length, AdminNotification.LocationMaxLength)] : null;

    /// <summary>One notification per type and subject per window: a repeat raises the count.</summary>
    private async Task<(AdminNotification, bool IsNew)> RaiseAsync(
        SecurityDbContext db, NotificationSpec spec, DateTimeOffset at, string? location, CancellationToken cancellationToken)
    {
        var since = at - notificationOptions.CurrentValue.AggregationWindow;
        var existing = db.AdminNotifications.Local.FirstOrDefault(n => n.Type == spec.Type && n.Subject == spec.Subject && n.CreatedAt > since)
            ?? await db.AdminNotifications
                .Where(n => n.Type == spec.Type && n.Subject == spec.Subject && n.CreatedAt > since)
                .OrderByDescending(n => n.Id)
                .FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            existing.Count += spec.Count;
            existing.LastAt = at;
            existing.Title = spec.Title;
            existing.Message = spec.Message;
            existing.Details = spec.Details;
            existing.Location = location;
            existing.Severity = spec.Severity > existing.Severity ? spec.Severity : existing.Severity;
            return (existing, false);
        }

        var created = new AdminNotification
        {
            Type = spec.Type,
            Severity = spec.Severity,
            SubjectKind = spec.SubjectKind,
            Subject = spec.Subject,
            Title = spec.Title,
            Message = spec.Message,
            Details = spec.Details,
            Location = location,
            Count = spec.Count,
            CreatedAt = at,
            LastAt = at,
        };
        db.AdminNotifications.Add(created);
        return (created, true);
    }

    /// <summary>Who gets admin mail: <c>Notifications:AdminRecipients</c>, else every SecurityAdmin that is not disabled.</summary>
    public async Task<List<string>> AdminRecipientsAsync(SecurityDbContext db, CancellationToken cancellationToken)
    {
        var configured = notificationOptions.CurrentValue.AdminRecipients;
        if (configured.Count > 0)
        {
            return configured;
        }

        var role = AccountNames.Normalize(AppRoles.SecurityAdmin);
        return await (
            from user in db.Users
            join link in db.UserRoles on user.Id equals link.UserId
            join r in db.Roles on link.RoleId equals r.Id
            where r.NormalizedName == role && user.Email != null && !user.IsDisabled
            select user.Email!).ToListAsync(cancellationToken);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.Database.CurrentTransaction is null)
        {
            Announce(db);
        }

        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Announce(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Announce(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    private void Forget(DbContext? db)
    {
        if (db is not null)
        {
            pending.Remove(db);
        }
    }

    /// <summary>After commit: consoles refresh, and the mail sender wakes.</summary>
    private void Announce(DbContext? db)
    {
        if (db is null || !pending.TryGetValue(db, out var done))
        {
            return;
        }

        pending.Remove(db);
        if (done.Mail)
        {
            mailSignal.Notify();
        }

        if (done.Webhooks)
        {
            webhookSignal.Notify();
        }

        foreach (var (n, isNew) in done.Notifications)
        {
            hub.Publish(new NotificationSignal(n.Id, n.Type, n.Severity, n.Title, n.Count, isNew, n.Location));
        }
    }
}
