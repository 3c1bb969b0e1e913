using System.Text.Json;
using AdminConsole.Core.Audit;

namespace AdminConsole.Core.Webhooks;

/// <summary>Which security events go out as which webhook event, and the body they carry. Pure.</summary>
public static class WebhookMessages
{
    private static readonly HashSet<SecurityEventType> AdminActions =
    [
        SecurityEventType.AddressRuleAdded,
        SecurityEventType.AddressRuleEnded,
        SecurityEventType.FailuresReset,
        SecurityEventType.SessionsRevoked,
        SecurityEventType.PolicyChanged,
        SecurityEventType.KnownDevicesRevoked,
        SecurityEventType.WebhookEndpointAdded,
        SecurityEventType.WebhookEndpointDisabled,
        SecurityEventType.WebhookEndpointEnabled,
        SecurityEventType.WebhookEndpointDeleted,
        SecurityEventType.WebhookDeliveryRetried,
        SecurityEventType.ApplicationRegistered,
        SecurityEventType.ApplicationChanged,
        SecurityEventType.ApplicationSecretRotated,
        SecurityEventType.ApplicationDisabled,
        SecurityEventType.ApplicationEnabled,
        SecurityEventType.ApplicationDeleted,
        SecurityEventType.ApplicationUnlocked,
        SecurityEventType.UserInvited,
        SecurityEventType.UserDisabled,
        SecurityEventType.UserEnabled,
        SecurityEventType.RoleGranted,
        SecurityEventType.RoleRemoved,
    ];

    /// <summary>The webhook event a security event is, or <see cref="WebhookEvents.None"/>.</summary>
    public static WebhookEvents KindOf(SecurityEvent e) => e.Type switch
    {
        // Locks of names that are not accounts go out as the attack they belong to, not one by one (as notifications do).
        SecurityEventType.AccountLocked when e.TargetUserId is not null => WebhookEvents.AccountLocked,
        SecurityEventType.AccountUnlocked or SecurityEventType.LockClearedByPasswordReset or SecurityEventType.AccountUnlockedByOwner => WebhookEvents.AccountUnlocked,
        SecurityEventType.AddressBlocked => WebhookEvents.AddressBlocked,
        SecurityEventType.PasswordSprayingDetected or SecurityEventType.DistributedAttackDetected or SecurityEventType.ApplicationLocked => WebhookEvents.AttackDetected,
        SecurityEventType.RefreshTokenReuse => WebhookEvents.RefreshTokenReuse,
        SecurityEventType.NewCountrySignIn or SecurityEventType.ImpossibleTravel => WebhookEvents.SuspiciousSignIn,
        SecurityEventType.PasswordChanged or SecurityEventType.TwoFactorEnabled or SecurityEventType.TwoFactorDisabled
            or SecurityEventType.AuthenticatorReset or SecurityEventType.RecoveryCodesGenerated or SecurityEventType.PasskeyAdded
            or SecurityEventType.PasskeyRemoved or SecurityEventType.EmailChanged => WebhookEvents.AccountChanged,
        _ when AdminActions.Contains(e.Type) && e.Actor != SecurityEvent.SystemActor => WebhookEvents.AdminAction,
        _ => WebhookEvents.None,
    };

    /// <summary>The payload's <c>type</c>, e.g. <c>account.locked</c>.</summary>
    public static string TypeName(WebhookEvents kind) => kind switch
    {
        WebhookEvents.AccountLocked => "account.locked",
        WebhookEvents.AccountUnlocked => "account.unlocked",
        WebhookEvents.AddressBlocked => "address.blocked",
        WebhookEvents.AttackDetected => "attack.detected",
        WebhookEvents.RefreshTokenReuse => "refresh_token.reused",
        WebhookEvents.AdminAction => "admin.action",
        WebhookEvents.AccountChanged => "account.changed",
        WebhookEvents.SuspiciousSignIn => "sign_in.suspicious",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The body: <c>{ type, timestamp, data: { event, severity, actor, account, address, reason, details } }</c>.</summary>
    public static string Payload(SecurityEvent e, WebhookEvents kind) => JsonSerializer.Serialize(new
    {
        type = TypeName(kind),
        timestamp = e.At,
        data = new
        {
            @event = e.Type.ToString(),
            severity = e.Severity.ToString(),
            actor = e.Actor,
            account = e.TargetUserName?.ToLowerInvariant(),
            address = e.Address,
            reason = e.Reason,
            details = e.Details is null ? (JsonElement?)null : JsonDocument.Parse(e.Details).RootElement,
        },
    });
}
