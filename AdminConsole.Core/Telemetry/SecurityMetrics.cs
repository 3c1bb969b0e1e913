using System.Diagnostics.Metrics;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;

namespace AdminConsole.Core.Telemetry;

/// <summary>
/// The meter <c>AdminConsole</c>: what happens to sign-ins and what waits in the outboxes. Each figure is recorded
/// at the one place its event happens (after the commit where there is one), so a rolled-back attempt is not
/// counted. Gauges read figures kept in memory; nothing here touches the database at scrape time.
/// </summary>
public sealed class SecurityMetrics
{
    public const string MeterName = "AdminConsole";

    private readonly Counter<long> attempts;
    private readonly Counter<long> lockouts;
    private readonly Counter<long> addressBlocks;
    private readonly Counter<long> admissionShed;
    private readonly Counter<long> notifications;
    private readonly Counter<long> webhookDeliveries;
    private readonly TimeProvider time;
    private Func<IEnumerable<Measurement<int>>> hashQueue = () => [];
    private OutboxSnapshot mail = new(0, null);
    private OutboxSnapshot webhooks = new(0, null);

    public SecurityMetrics(IMeterFactory meters, TimeProvider time)
    {
        this.time = time;
        var meter = meters.Create(MeterName);
        attempts = meter.CreateCounter<long>("adminconsole.signin.attempts", "{attempt}", "Sign-in attempts, by outcome.");
        lockouts = meter.CreateCounter<long>("adminconsole.lockouts", "{lockout}", "Accounts locked automatically, by tier.");
        addressBlocks = meter.CreateCounter<long>("adminconsole.address.blocks", "{block}", "Addresses blocked automatically.");
        admissionShed = meter.CreateCounter<long>("adminconsole.admission.shed", "{request}", "Sign-ins turned away because the password-hash queue was full, by lane.");
        notifications = meter.CreateCounter<long>("adminconsole.notifications", "{notification}", "Admin notifications raised, by severity.");
        webhookDeliveries = meter.CreateCounter<long>("adminconsole.webhook.deliveries", "{delivery}", "Webhook delivery tries, by result.");
        meter.CreateObservableGauge("adminconsole.admission.queue", () => hashQueue(), "{request}", "Sign-ins waiting for a password-hash slot, by lane.");
        meter.CreateObservableGauge("adminconsole.outbox.backlog", () => Backlog(), "{message}", "Unsent messages in an outbox (mail, webhook), as of the sender's last pass.");
        meter.CreateObservableGauge("adminconsole.outbox.oldest_age", () => OldestAge(), "s", "Age of the oldest unsent message in an outbox (mail, webhook).");
    }

    /// <summary>A snapshot of one outbox: how many wait and since when the oldest.</summary>
    public sealed record OutboxSnapshot(int Backlog, DateTimeOffset? OldestCreatedAt);

    public void Attempt(LoginOutcome outcome, int count = 1) =>
        attempts.Add(count, new KeyValuePair<string, object?>("outcome", outcome.ToString()));

    public void Lockout(int tier) => lockouts.Add(1, new KeyValuePair<string, object?>("tier", tier));

    public void AddressBlocked() => addressBlocks.Add(1);

    public void Shed(string lane) => admissionShed.Add(1, new KeyValuePair<string, object?>("lane", lane));

    public void Notification(SecurityEventSeverity severity) =>
        notifications.Add(1, new KeyValuePair<string, object?>("severity", severity.ToString()));

    public void WebhookDelivery(string result) => webhookDeliveries.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>Where the hash queue's lengths come from (the admission limiter's statistics).</summary>
    public void ObserveHashQueue(Func<IEnumerable<Measurement<int>>> source) => hashQueue = source;

    public void MailOutbox(OutboxSnapshot snapshot) => mail = snapshot;

    public void WebhookOutbox(OutboxSnapshot snapshot) => webhooks = snapshot;

    private IEnumerable<Measurement<int>> Backlog() =>
    [
        new(mail.Backlog, new KeyValuePair<string, object?>("outbox", "mail")),
        new(webhooks.Backlog, new KeyValuePair<string, object?>("outbox", "webhook")),
    ];

    private IEnumerable<Measurement<double>> OldestAge()
    {
        var now = time.GetUtcNow();
        return
        [
            new(mail.OldestCreatedAt is { } m ? Math.Max(0, (now - m).TotalSeconds) : 0, new KeyValuePair<string, object?>("outbox", "mail")),
            new(webhooks.OldestCreatedAt is { } w ? Math.Max(0, (now - w).TotalSeconds) : 0, new KeyValuePair<string, object?>("outbox", "webhook")),
        ];
    }
}
