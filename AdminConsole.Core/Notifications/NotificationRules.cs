using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Text;

namespace AdminConsole.Core.Notifications;

/// <summary>What a notification would say; the writer aggregates it by type and subject.</summary>
public sealed record NotificationSpec(
    NotificationType Type,
    SecurityEventSeverity Severity,
    NotificationSubject SubjectKind,
    string Subject,
    string Title,
    string Message,
    string? Details,
    int Count = 1);

/// <summary>
/// Which security events raise which notification, pure. Locks of names that are not accounts raise none (a
/// spray of random names is reported once, as spraying, not once per name).
/// </summary>
public static class NotificationRules
{
    public static NotificationSpec? For(SecurityEvent e)
    {
        var details = Read(e.Details);
        var account = e.TargetUserName?.ToLowerInvariant();
        var admin = e.Actor != SecurityEvent.SystemActor;
        return e.Type switch
        {
            SecurityEventType.AccountLocked when admin && account is not null => Spec(
                NotificationType.AdminAction, SecurityEventSeverity.Info, NotificationSubject.Account, e.TargetUserName!,
                $"{account} locked by {e.Actor}", $"{e.Actor} locked {account}: {e.Reason}", e),
            SecurityEventType.AccountLocked when e.TargetUserId is not null && account is not null => Spec(
                NotificationType.AccountLocked, e.Severity, NotificationSubject.Account, e.TargetUserName!,
                Flag(details, "UntilAdminUnlocks") ? $"{account} locked until an admin unlocks it" : $"{account} locked (tier {Int(details, "Tier")})",
                $"{Int(details, "Failures")} failed sign-ins, the last from {e.Address}." + (Time(details, "LockedUntil") is { } until ? $" Locked until {until:yyyy-MM-dd HH:mm} UTC." : ""),
                e),
            SecurityEventType.AccountUnlocked when account is not null => Spec(
                NotificationType.AdminAction, SecurityEventSeverity.Info, NotificationSubject.Account, e.TargetUserName!,
                $"{account} unlocked by {e.Actor}", $"{e.Actor} unlocked {account}: {e.Reason}", e),
            SecurityEventType.AddressBlocked when e.Address is not null => Spec(
                NotificationType.AddressBlocked, SecurityEventSeverity.Warning, NotificationSubject.Address, e.Address,
                $"{e.Address} blocked automatically", e.Reason ?? "Too many failed sign-ins.", e),
            SecurityEventType.HoneypotNameUsed when e.Address is not null => Spec(
                NotificationType.HoneypotName, SecurityEventSeverity.Warning, NotificationSubject.Address, e.Address,
                $"{e.Address} blocked: it tried a honeypot name", e.Reason ?? "A sign-in attempt at a honeypot name.", e),
            SecurityEventType.AutomatedSignInsDetected when account is not null => Spec(
                NotificationType.AutomatedSignIns, SecurityEventSeverity.Warning, NotificationSubject.Account, e.TargetUserName!,
                $"Automated sign-ins against {account}",
                $"{Int(details, "Attempts")} failed sign-ins against {account} came faster than a person types within {DurationText.Describe(TimeSpan.FromSeconds(Int(details, "WindowSeconds")))}.", e) with { Count = Int(details, "Attempts") },
            SecurityEventType.AutomaticBlockRefused when e.Address is not null => Spec(
                NotificationType.ProxyBlockRefused, SecurityEventSeverity.Critical, NotificationSubject.Address, e.Address,
                $"Trusted proxy {e.Address} would have been blocked", e.Reason ?? "A trusted proxy reached the automatic block threshold.", e),
            SecurityEventType.RefreshTokenReuse when account is not null => Spec(
                NotificationType.RefreshTokenReuse, SecurityEventSeverity.Critical, NotificationSubject.Account, e.TargetUserName!,
                $"Refresh token reused for {account}", $"A spent refresh token of {account} was presented again from {e.Address}; the session was ended.", e),
            SecurityEventType.AddressRuleAdded when Text(details, "Network") is { } network => Spec(
                NotificationType.AdminAction, SecurityEventSeverity.Info, NotificationSubject.Address, network,
                $"{Text(details, "Kind")} rule for {network} added by {e.Actor}", $"{e.Actor} added a {Text(details, "Kind")?.ToLowerInvariant()} rule for {network}: {e.Reason}", e),
            SecurityEventType.SignInAfterFailures when account is not null => Spec(
                NotificationType.SignInAfterFailures, SecurityEventSeverity.Warning, NotificationSubject.Account, e.TargetUserName!,
                $"{account} signed in after {Int(details, "Failures")} failures",
                $"A correct password from {e.Address} followed {Int(details, "Failures")} failed sign-ins. If the user did not expect this, the password may be guessed.", e),
            SecurityEventType.PasswordSprayingDetected when e.Address is not null => Spec(
                NotificationType.PasswordSpraying, SecurityEventSeverity.Critical, NotificationSubject.Address, e.Address,
                $"Password spraying from {e.Address}",
                $"{e.Address} failed against {Int(details, "Accounts")} accounts within {DurationText.Describe(TimeSpan.FromSeconds(Int(details, "WindowSeconds")))}.", e) with { Count = Int(details, "Accounts") },
            SecurityEventType.DistributedAttackDetected when account is not null => Spec(
                NotificationType.DistributedAttack, SecurityEventSeverity.Critical, NotificationSubject.Account, e.TargetUserName!,
                $"Distributed attack on {account}",
                $"{account} failed from {Int(details, "Addresses")} addresses within {DurationText.Describe(TimeSpan.FromSeconds(Int(details, "WindowSeconds")))}.", e) with { Count = Int(details, "Addresses") },
            SecurityEventType.SharedStateUnavailable => Spec(
                NotificationType.SharedStateUnavailable, SecurityEventSeverity.Warning, NotificationSubject.System, "Redis",
                "Redis is unreachable", (e.Reason ?? "Redis is unreachable.") + " Sign-in and lockout go on (they live in the database).", e),
            _ => null,
        };
    }

    private static NotificationSpec Spec(
        NotificationType type, SecurityEventSeverity severity, NotificationSubject kind, string subject, string title, string message, SecurityEvent e) =>
        new(type, severity, kind, subject, title, message, JsonSerializer.Serialize(new
        {
            Account = e.TargetUserName?.ToLowerInvariant(),
            e.Address,
            e.Actor,
            Event = e.Type.ToString(),
            Details = e.Details is null ? (JsonElement?)null : JsonDocument.Parse(e.Details).RootElement,
        }));

    internal static JsonElement Read(string? json) =>
        json is null ? default : JsonDocument.Parse(json).RootElement;

    internal static int Int(JsonElement details, string name) =>
        details.ValueKind == JsonValueKind.Object && details.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : 0;

    internal static bool Flag(JsonElement details, string name) =>
        details.ValueKind == JsonValueKind.Object && details.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    internal static string? Text(JsonElement details, string name) =>
        details.ValueKind == JsonValueKind.Object && details.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static DateTimeOffset? Time(JsonElement details, string name) =>
        details.ValueKind == JsonValueKind.Object && details.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetDateTimeOffset(out var t) ? t : null;
}
