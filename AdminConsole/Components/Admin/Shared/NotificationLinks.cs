using AdminConsole.Core.Audit;
using AdminConsole.Core.Notifications;
using MudBlazor;

namespace AdminConsole.Components.Admin.Shared;

/// <summary>Where a notification leads, and how its severity looks.</summary>
public static class NotificationLinks
{
    public static string For(AdminNotification n) => n.SubjectKind switch
    {
        NotificationSubject.Account => $"admin/accounts/{Uri.EscapeDataString(n.Subject.ToLowerInvariant())}",
        NotificationSubject.Address => $"admin/addresses/{n.Subject}",
        NotificationSubject.Application => "admin/applications",
        NotificationSubject.Country => "admin/addresses",
        _ => "admin/notifications",
    };

    public static string Icon(SecurityEventSeverity severity) => severity switch
    {
        SecurityEventSeverity.Critical => Icons.Material.Filled.Error,
        SecurityEventSeverity.Warning => Icons.Material.Filled.Warning,
        _ => Icons.Material.Filled.Info,
    };

    public static Color Color(SecurityEventSeverity severity) => severity switch
    {
        SecurityEventSeverity.Critical => MudBlazor.Color.Error,
        SecurityEventSeverity.Warning => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Info,
    };
}
