using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;

namespace AdminConsole.Core.Webhooks;

/// <summary>What an admin asked for when registering an endpoint.</summary>
public sealed record NewWebhook(string? Url, WebhookEvents Events, string? Reason);

/// <summary>An endpoint as the console shows it, with its outbox figures.</summary>
public sealed record WebhookEndpointView(
    long Id, string Url, WebhookEvents Events, bool Enabled, string CreatedBy, DateTimeOffset CreatedAt, int Pending, int GaveUp, DateTimeOffset? LastDeliveredAt);

/// <summary>One row of an endpoint's delivery log.</summary>
public sealed record WebhookDeliveryView(
    long Id, string MessageId, string Type, string Status, int Attempts, int? LastStatus, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt);

/// <summary>A registered endpoint and its signing secret, shown once.</summary>
public sealed record CreatedWebhook(WebhookEndpointView Endpoint, string Secret);

/// <summary>
/// Registers, disables, enables and deletes webhook endpoints and retries deliveries, for SecurityAdmins only
/// (re-checked in the database on every action). Bad input gets a clear error per field and changes nothing;
/// every change is audited with actor and reason.
/// </summary>
public sealed class WebhookService(
    Audit.ISecurityEventLog eventLog,
    SecurityDbContext db,
    ConsoleAuthorization authorization,
    WebhookTargets targets,
    WebhookSecrets secrets,
    WebhookSignal signal,
    TimeProvider time)
{
    public const int PageSize = 50;

    /// <summary>The answer when an endpoint id names none.</summary>
    public const string NoSuchEndpoint = "There is no such webhook endpoint.";

    /// <summary>
    /// The endpoints with their outbox figures. A <paramref name="viewer"/> who may not manage webhooks (a
    /// SecurityViewer) sees each receiver's origin only, as the audit log does: its path or query may be its credential.
    /// </summary>
    public async Task<List<WebhookEndpointView>> ListAsync(ConsoleActor viewer, CancellationToken cancellationToken)
    {
        var endpoints = await EndpointsAsync(null, cancellationToken);
        return await authorization.MayActAsync(viewer, cancellationToken)
            ? endpoints
            : endpoints.ConvertAll(e => e with { Url = Origin(e.Url) });
    }

    public async Task<AdminResult<CreatedWebhook>> AddAsync(NewWebhook request, ConsoleActor actor, CancellationToken cancellationToken)
    {
        if (!await authorization.MayActAsync(actor, cancellationToken))
        {
            return AdminResult.Forbidden.As<CreatedWebhook>();
        }

        var errors = new Dictionary<string, string>();
        if (await targets.CheckAsync(request.Url, cancellationToken) is { } urlError)
        {
            errors[nameof(NewWebhook.Url)] = urlError;
        }

        if (request.Events == WebhookEvents.None || (request.Events & ~WebhookEvents.All) != 0)
        {
            errors[nameof(NewWebhook.Events)] = "Choose at least one event.";
        }

        if (AuditReason.Error(request.Reason) is { } reasonError)
        {
            errors[nameof(NewWebhook.Reason)] = reasonError;
        }

        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors).As<CreatedWebhook>();
        }

        var now = time.GetUtcNow();
        var secret = WebhookSecrets.NewSecret();
        var endpoint = new WebhookEndpoint
        {
            Url = request.Url!.Trim(),
            Events = request.Events,
            ProtectedSecret = secrets.Protect(secret),
            CreatedBy = actor.Name,
            CreatedAt = now,
        };
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync(cancellationToken); // the id, for the audit entry
            await eventLog.AddAsync(db, Audit(SecurityEventType.WebhookEndpointAdded, actor, request.Reason!, endpoint, now), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return AdminResult.Done(new CreatedWebhook((await ViewAsync(endpoint.Id, cancellationToken))!, secret), $"{endpoint.Url} is registered.");
    }

    public async Task<AdminResult<WebhookEndpointView>> SetEnabledAsync(long id, bool enabled, string? reason, ConsoleActor actor, CancellationToken cancellationToken)
    {
        if (!await authorization.MayActAsync(actor, cancellationToken))
        {
            return AdminResult.Forbidden.As<WebhookEndpointView>();
        }

        if (AuditReason.Error(reason) is { } error)
        {
            return AdminResult.Invalid(nameof(NewWebhook.Reason), error).As<WebhookEndpointView>();
        }

        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return new AdminResult<WebhookEndpointView>(AdminOutcome.NotFound, NoSuchEndpoint);
        }

        if (endpoint.Enabled == enabled)
        {
            return new AdminResult<WebhookEndpointView>(AdminOutcome.NoChange, enabled ? "That endpoint is already enabled." : "That endpoint is already disabled.");
        }

        var now = time.GetUtcNow();
        endpoint.Enabled = enabled;
        await eventLog.AddAsync(db, Audit(enabled ? SecurityEventType.WebhookEndpointEnabled : SecurityEventType.WebhookEndpointDisabled, actor, reason!, endpoint, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (enabled)
        {
            signal.Notify(); // deliveries held while it was disabled go out now
        }

        return AdminResult.Done((await ViewAsync(id, cancellationToken))!, enabled ? "The endpoint is enabled." : "The endpoint is disabled.");
    }

    /// <summary>Deletes the endpoint and its delivery log; the audit log keeps that it existed.</summary>
    public async Task<AdminResult<WebhookEndpointView>> DeleteAsync(long id, string? reason, ConsoleActor actor, CancellationToken cancellationToken)
    {
        if (!await authorization.MayActAsync(actor, cancellationToken))
        {
            return AdminResult.Forbidden.As<WebhookEndpointView>();
        }

        if (AuditReason.Error(reason) is { } error)
        {
            return AdminResult.Invalid(nameof(NewWebhook.Reason), error).As<WebhookEndpointView>();
        }

        var view = await ViewAsync(id, cancellationToken);
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (view is null || endpoint is null)
        {
            return new AdminResult<WebhookEndpointView>(AdminOutcome.NotFound, NoSuchEndpoint);
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.WebhookDeliveries.Where(d => d.EndpointId == id).ExecuteDeleteAsync(cancellationToken);
        db.WebhookEndpoints.Remove(endpoint);
        await eventLog.AddAsync(db, Audit(SecurityEventType.WebhookEndpointDeleted, actor, reason!, endpoint, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AdminResult.Done(view, "The endpoint is deleted.");
    }

    /// <summary>An endpoint's deliveries, newest first, <see cref="PageSize"/> a page.</summary>
    public async Task<Page<WebhookDeliveryView>?> DeliveriesAsync(long endpointId, int page, CancellationToken cancellationToken)
    {
        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId, cancellationToken))
        {
            return null;
        }

        var rows = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(d => d.Id).Skip(Paging.Offset(page, PageSize)).Take(PageSize).ToListAsync(cancellationToken);
        return new Page<WebhookDeliveryView>(items.Select(ToView).ToList(), total);
    }

    /// <summary>Makes a waiting or given-up delivery due now; a delivered one is not sent again.</summary>
    public async Task<AdminResult> RetryAsync(long deliveryId, ConsoleActor actor, CancellationToken cancellationToken)
    {
        if (!await authorization.MayActAsync(actor, cancellationToken))
        {
            return AdminResult.Forbidden;
        }

        var now = time.GetUtcNow();
        var delivery = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null)
        {
            return new AdminResult(AdminOutcome.NotFound, "There is no such delivery.");
        }

        var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == delivery.EndpointId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.DeliveredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, now).SetProperty(d => d.GaveUpAt, (DateTimeOffset?)null), cancellationToken);
        if (changed == 0)
        {
            return new AdminResult(AdminOutcome.NoChange, "That delivery has already arrived.");
        }

        await eventLog.AddAsync(db, Audit(SecurityEventType.WebhookDeliveryRetried, actor, "Retry now, from the console", endpoint, now, delivery.MessageId), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
        return new AdminResult(AdminOutcome.Done, endpoint.Enabled ? "The delivery is tried again now." : "The delivery is due again; it goes out when the endpoint is enabled.");
    }

    public static string Status(WebhookDelivery d) =>
        d.DeliveredAt is not null ? "Delivered" : d.GaveUpAt is not null ? "Failed" : d.Attempts == 0 ? "Pending" : "Retrying";

    private static WebhookDeliveryView ToView(WebhookDelivery d) => new(
        d.Id, d.MessageId, d.Type, Status(d), d.Attempts, d.LastStatus, d.LastError, d.CreatedAt,
        d.DeliveredAt is null && d.GaveUpAt is null ? d.NextAttemptAt : null, d.DeliveredAt);

    private async Task<WebhookEndpointView?> ViewAsync(long id, CancellationToken cancellationToken) =>
        (await EndpointsAsync(id, cancellationToken)).SingleOrDefault();

    /// <summary>Every endpoint, or the one with <paramref name="id"/>, in full, with its outbox figures.</summary>
    private Task<List<WebhookEndpointView>> EndpointsAsync(long? id, CancellationToken cancellationToken) =>
        db.WebhookEndpoints.AsNoTracking().Where(e => id == null || e.Id == id).OrderBy(e => e.Id).Select(e => new WebhookEndpointView(
            e.Id, e.Url, e.Events, e.Enabled, e.CreatedBy, e.CreatedAt,
            db.WebhookDeliveries.Count(d => d.EndpointId == e.Id && d.DeliveredAt == null && d.GaveUpAt == null),
            db.WebhookDeliveries.Count(d => d.EndpointId == e.Id && d.GaveUpAt != null),
            db.WebhookDeliveries.Where(d => d.EndpointId == e.Id).Max(d => d.DeliveredAt))).ToListAsync(cancellationToken);

    private static SecurityEvent Audit(SecurityEventType type, ConsoleActor actor, string reason, WebhookEndpoint endpoint, DateTimeOffset now, string? messageId = null) =>
        SecurityEvents.WebhookAction(type, actor, reason.Trim(), new WebhookEndpointDetails(endpoint.Id, Origin(endpoint.Url), endpoint.Events.ToString(), messageId), now);

    /// <summary>
    /// The receiver's origin only: many receivers (chat webhooks) carry their credential in the path or query, and
    /// the audit entry travels on as an admin-action delivery to other receivers.
    /// </summary>
    private static string Origin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) + "/…" : "(not a URL)";
}
