using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Instances;

namespace AdminConsole.Core.Notifications;

/// <summary>A notification was raised or updated (committed), for open consoles to refresh.</summary>
public sealed record NotificationSignal(long Id, NotificationType Type, SecurityEventSeverity Severity, string Title, int Count, bool IsNew);

/// <summary>
/// Fan-out to every open console circuit, through the <see cref="IInstanceChannel"/>: consoles on this instance hear
/// a commit at once, and with Redis the consoles on every other instance within a second.
/// </summary>
public sealed class NotificationHub
{
    private readonly IInstanceChannel channel;
    private readonly Telemetry.SecurityMetrics metrics;

    public NotificationHub(IInstanceChannel channel, Telemetry.SecurityMetrics metrics)
    {
        this.channel = channel;
        this.metrics = metrics;
        channel.Subscribe(InstanceTopics.Notification, (message, _) =>
        {
            if (JsonSerializer.Deserialize<NotificationSignal>(message) is { } signal)
            {
                Published?.Invoke(signal);
            }

            return Task.CompletedTask;
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

    // The channel never throws and this instance's handlers run before it returns; the rest is sent in the background.
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
