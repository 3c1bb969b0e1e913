using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Core.Notifications;

/// <summary>A notification was raised or updated (committed), for open consoles to refresh.</summary>
public sealed record NotificationSignal(long Id, NotificationType Type, SecurityEventSeverity Severity, string Title, int Count, bool IsNew, string? Location = null);

/// <summary>
/// Fan-out to every open console circuit, through the <see cref="IInstanceChannel"/>: consoles on this instance hear
/// a commit at once, and with Redis the consoles on every other instance within a second.
/// </summary>
public sealed class NotificationHub
{
    private readonly IInstanceChannel channel;
    private readonly Telemetry.SecurityMetrics metrics;

    public NotificationHub(IInstanceChannel channel, Telemetry.SecurityMetrics metrics, IServiceScopeFactory scopes)
    {
        this.channel = channel;
        this.metrics = metrics;
        channel.Subscribe(InstanceTopics.Notification, async (message, cancellationToken) =>
        {
            // A message names a notification; what consoles show is read back from the database, so whoever can
            // publish on the shared channel cannot put words of their own in front of the admins.
            if (JsonSerializer.Deserialize<NotificationSignal>(message) is not { } named)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Data.SecurityDbContext>();
            var stored = await db.AdminNotifications.AsNoTracking()
                .Where(n => n.Id == named.Id)
                .Select(n => new NotificationSignal(n.Id, n.Type, n.Severity, n.Title, n.Count, named.IsNew, n.Location))
                .SingleOrDefaultAsync(cancellationToken);
            if (stored is not null)
            {
                Published?.Invoke(stored);
            }
        });
        channel.Subscribe(InstanceTopics.NotificationsRead, (reader, _) =>
        {
            ReadChanged?.Invoke(reader);
            return Task.CompletedTask;
        });
    }

    public event Action<NotificationSignal>? Published;

    /// <summary>A console user marked notifications read (their other consoles update their bells).</summary>
    public event Action<string>? ReadChanged;

    // The channel never throws. This instance's consoles hear it once the notification is read back (on a server
    // database, a moment after this returns); other instances hear it through Redis in the background.
    public void Publish(NotificationSignal signal)
    {
        if (signal.IsNew)
        {
            metrics.Notification(signal.Severity);
        }

        _ = channel.PublishAsync(InstanceTopics.Notification, JsonSerializer.Serialize(signal), CancellationToken.None);
    }

    public void MarkedRead(string reader) =>
        _ = channel.PublishAsync(InstanceTopics.NotificationsRead, reader, CancellationToken.None);
}
