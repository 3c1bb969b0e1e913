using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Webhooks;

namespace AdminConsole.Tests.Unit;

/// <summary>Which security events go out as which webhook event, and what the body says.</summary>
public sealed class WebhookMessagesTests
{
    private static SecurityEvent Event(SecurityEventType type, string actor = SecurityEvent.SystemActor, string? userId = "u1") => new()
    {
        Type = type,
        Actor = actor,
        TargetUserId = userId,
        TargetUserName = "ALICE@EXAMPLE.COM",
        Address = "203.0.113.9",
        At = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero),
        Details = """{"Tier":1}""",
    };

    [Theory]
    [InlineData(SecurityEventType.AccountLocked, SecurityEvent.SystemActor, "u1", WebhookEvents.AccountLocked)]
    [InlineData(SecurityEventType.AccountLocked, SecurityEvent.SystemActor, null, WebhookEvents.None)]
    [InlineData(SecurityEventType.AccountUnlocked, "admin@example.com", "u1", WebhookEvents.AccountUnlocked)]
    [InlineData(SecurityEventType.LockClearedByPasswordReset, SecurityEvent.SystemActor, "u1", WebhookEvents.AccountUnlocked)]
    [InlineData(SecurityEventType.AccountUnlockedByOwner, SecurityEvent.OwnerByMailActor, "u1", WebhookEvents.AccountUnlocked)]
    [InlineData(SecurityEventType.AddressBlocked, SecurityEvent.SystemActor, null, WebhookEvents.AddressBlocked)]
    [InlineData(SecurityEventType.PasswordSprayingDetected, SecurityEvent.SystemActor, null, WebhookEvents.AttackDetected)]
    [InlineData(SecurityEventType.DistributedAttackDetected, SecurityEvent.SystemActor, "u1", WebhookEvents.AttackDetected)]
    [InlineData(SecurityEventType.RefreshTokenReuse, SecurityEvent.SystemActor, "u1", WebhookEvents.RefreshTokenReuse)]
    [InlineData(SecurityEventType.AddressRuleAdded, "admin@example.com", null, WebhookEvents.AdminAction)]
    [InlineData(SecurityEventType.WebhookEndpointDeleted, "admin@example.com", null, WebhookEvents.AdminAction)]
    [InlineData(SecurityEventType.AttemptsPurged, SecurityEvent.SystemActor, null, WebhookEvents.None)]
    [InlineData(SecurityEventType.SignInAfterFailures, SecurityEvent.SystemActor, "u1", WebhookEvents.None)]
    [InlineData(SecurityEventType.TwoFactorDisabled, "alice@example.com", "u1", WebhookEvents.AccountChanged)]
    [InlineData(SecurityEventType.PasswordChanged, SecurityEvent.SystemActor, "u1", WebhookEvents.AccountChanged)]
    [InlineData(SecurityEventType.ApplicationLocked, SecurityEvent.SystemActor, null, WebhookEvents.AttackDetected)]
    [InlineData(SecurityEventType.ApplicationRegistered, "admin@example.com", null, WebhookEvents.AdminAction)]
    public void Each_event_maps_to_one_webhook_event(SecurityEventType type, string actor, string? userId, WebhookEvents expected) =>
        Assert.Equal(expected, WebhookMessages.KindOf(Event(type, actor, userId)));

    [Fact]
    public void The_body_names_the_type_account_address_and_details()
    {
        var body = JsonDocument.Parse(WebhookMessages.Payload(Event(SecurityEventType.AccountLocked), WebhookEvents.AccountLocked)).RootElement;

        Assert.Equal("account.locked", body.GetProperty("type").GetString());
        Assert.Equal("alice@example.com", body.GetProperty("data").GetProperty("account").GetString());
        Assert.Equal("203.0.113.9", body.GetProperty("data").GetProperty("address").GetString());
        Assert.Equal(1, body.GetProperty("data").GetProperty("details").GetProperty("Tier").GetInt32());
    }
}
