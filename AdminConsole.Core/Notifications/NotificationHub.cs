using AdminConsole.Core.Audit;

namespace AdminConsole.Core.Notifications;

/// <summary>A notification was raised or updated (committed), for open consoles to refresh.</summary>
public sealed record NotificationSignal(long Id, NotificationType Type, SecurityEventSeverity Severity, string Title, int Count, bool IsNew);

/// <summary>
/// In-process fan-out to every open console circuit of this instance. With several instances, each console
/// hears its own instance at once and the others at its next refresh (see the README).
/// </summary>
public sealed class NotificationHub
{
    public event Action<NotificationSignal>? Published;

    /// <summary>A console user marked notifications read (their other consoles update their bells).</summary>
    public event Action<string>? ReadChanged;

    public void Publish(NotificationSignal signal) => Published?.Invoke(signal);

    public void MarkedRead(string reader) => ReadChanged?.Invoke(reader);
}
