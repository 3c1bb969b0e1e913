using AdminConsole.Core.Webhooks;

namespace AdminConsole.Components.Admin.Shared;

/// <summary>How the console names webhook events.</summary>
public static class WebhookLabels
{
    public static readonly IReadOnlyList<(WebhookEvents Event, string Label)> Events =
    [
        (WebhookEvents.AccountLocked, "Account locked"),
        (WebhookEvents.AccountUnlocked, "Account unlocked"),
        (WebhookEvents.AddressBlocked, "Address blocked"),
        (WebhookEvents.AttackDetected, "Attack detected"),
        (WebhookEvents.RefreshTokenReuse, "Refresh-token reuse"),
        (WebhookEvents.AdminAction, "Admin actions"),
        (WebhookEvents.AccountChanged, "Account changes"),
        (WebhookEvents.SuspiciousSignIn, "New country, impossible travel"),
    ];

    public static IEnumerable<string> Of(WebhookEvents events) =>
        Events.Where(e => events.HasFlag(e.Event)).Select(e => e.Label);
}
