using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Mail;

namespace AdminConsole.Core.Notifications;

/// <summary>
/// Writes a security event with what it causes, into the caller's context, so the caller's save writes them together
/// in one transaction: the admin notification (aggregated by type and subject), the mails to the user and, for a new
/// Critical notification, to the admins, and one webhook delivery per subscribed endpoint. If any of it cannot be
/// written, the event is not written either, and the caller fails closed. Open consoles, the mail sender and the
/// webhook sender hear about it only after the save commits (<see cref="AfterCommit.AfterSave"/>).
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
    AfterCommit afterCommit,
    TimeProvider time) : ISecurityEventLog
{
    public async Task AddAsync(SecurityDbContext db, SecurityEvent securityEvent, CancellationToken cancellationToken)
    {
        var e = securityEvent;
        db.SecurityEvents.Add(e);
        var now = time.GetUtcNow();
        var location = Place(e.Address);
        (AdminNotification Notification, bool IsNew)? raised = null;
        var mail = false;
        if (NotificationRules.For(e) is { } spec)
        {
            raised = await RaiseAsync(db, spec, e.At, location, cancellationToken);
            if (raised.Value.IsNew && spec.Severity == SecurityEventSeverity.Critical)
            {
                foreach (var admin in await AdminRecipientsAsync(db, cancellationToken))
                {
                    db.OutboxMails.Add(MailComposer.ForAdmin(raised.Value.Notification, admin, links, now));
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

        var webhooks = await EnqueueWebhooksAsync(db, e, now, cancellationToken);
        afterCommit.AfterSave(db, () =>
        {
            Announce(raised, mail, webhooks);
            return Task.CompletedTask;
        });
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
    private static async Task<bool> EnqueueWebhooksAsync(SecurityDbContext db, SecurityEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var kind = Webhooks.WebhookMessages.KindOf(e);
        if (kind == Webhooks.WebhookEvents.None)
        {
            return false;
        }

        var deleted = db.ChangeTracker.Entries<Webhooks.WebhookEndpoint>().Where(x => x.State == EntityState.Deleted).Select(x => x.Entity.Id).ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(x => x.Enabled && !deleted.Contains(x.Id)).Select(x => new { x.Id, x.Events }).ToListAsync(cancellationToken);
        var any = false;
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

    /// <summary>After commit: consoles refresh, and the mail and webhook senders wake.</summary>
    private void Announce((AdminNotification Notification, bool IsNew)? raised, bool mail, bool webhooks)
    {
        if (mail)
        {
            mailSignal.Notify();
        }

        if (webhooks)
        {
            webhookSignal.Notify();
        }

        if (raised is var (n, isNew))
        {
            hub.Publish(new NotificationSignal(n.Id, n.Type, n.Severity, n.Title, n.Count, isNew, n.Location));
        }
    }
}
