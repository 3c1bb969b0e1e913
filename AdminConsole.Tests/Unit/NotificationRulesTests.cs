using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Links;
using AdminConsole.Core.Mail;
using AdminConsole.Core.Notifications;

namespace AdminConsole.Tests.Unit;

/// <summary>Which security events raise which notification, and which mail they cause.</summary>
public sealed class NotificationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static PublicLinks Links(string baseUrl) => new(new FixedOptions<PublicUrlOptions>(new() { PublicBaseUrl = baseUrl }));

    private static SecurityEvent Event(SecurityEventType type, string actor = SecurityEvent.SystemActor, string? userId = "u1", object? details = null, SecurityEventSeverity severity = SecurityEventSeverity.Warning) => new()
    {
        At = Now,
        Type = type,
        Severity = severity,
        Actor = actor,
        TargetUserId = userId,
        TargetUserName = userId is null && type != SecurityEventType.AccountLocked ? null : "ALICE@EXAMPLE.COM",
        Address = "203.0.113.5",
        Reason = "why",
        Details = details is null ? null : JsonSerializer.Serialize(details),
    };

    public static TheoryData<SecurityEvent, NotificationType?, SecurityEventSeverity?> Cases => new()
    {
        { Event(SecurityEventType.AccountLocked, details: new { Tier = 1, Failures = 5, LockedUntil = Now.AddMinutes(15) }), NotificationType.AccountLocked, SecurityEventSeverity.Warning },
        { Event(SecurityEventType.AccountLocked, details: new { Tier = 3, Failures = 15, UntilAdminUnlocks = true }, severity: SecurityEventSeverity.Critical), NotificationType.AccountLocked, SecurityEventSeverity.Critical },
        { Event(SecurityEventType.AccountLocked, userId: null, details: new { Tier = 1, Failures = 5 }), null, null },
        { Event(SecurityEventType.AccountLocked, actor: "admin@example.com"), NotificationType.AdminAction, SecurityEventSeverity.Info },
        { Event(SecurityEventType.AccountUnlocked, actor: "admin@example.com"), NotificationType.AdminAction, SecurityEventSeverity.Info },
        { Event(SecurityEventType.AddressBlocked, userId: null), NotificationType.AddressBlocked, SecurityEventSeverity.Warning },
        { Event(SecurityEventType.AddressRuleAdded, actor: "admin@example.com", userId: null, details: new { Network = "203.0.113.0/24", Kind = "Deny" }), NotificationType.AdminAction, SecurityEventSeverity.Info },
        { Event(SecurityEventType.SignInAfterFailures, details: new { Failures = 4 }), NotificationType.SignInAfterFailures, SecurityEventSeverity.Warning },
        { Event(SecurityEventType.PasswordSprayingDetected, userId: null, details: new { Accounts = 12, WindowSeconds = 600 }), NotificationType.PasswordSpraying, SecurityEventSeverity.Critical },
        { Event(SecurityEventType.DistributedAttackDetected, details: new { Addresses = 30, WindowSeconds = 600 }), NotificationType.DistributedAttack, SecurityEventSeverity.Critical },
        { Event(SecurityEventType.FailuresReset, actor: "admin@example.com"), null, null },
        { Event(SecurityEventType.PolicyChanged, actor: "admin@example.com", userId: null), null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_event_raises_its_notification(SecurityEvent e, NotificationType? type, SecurityEventSeverity? severity)
    {
        var spec = NotificationRules.For(e);

        Assert.Equal(type, spec?.Type);
        Assert.Equal(severity, spec?.Severity);
    }

    [Fact]
    public void Spraying_counts_the_accounts_and_names_the_address()
    {
        var spec = NotificationRules.For(Event(SecurityEventType.PasswordSprayingDetected, userId: null, details: new { Accounts = 12, WindowSeconds = 600 }))!;

        Assert.Equal((12, NotificationSubject.Address, "203.0.113.5"), (spec.Count, spec.SubjectKind, spec.Subject));
        Assert.Equal("203.0.113.5 failed against 12 accounts within 10 minutes.", spec.Message);
    }

    [Theory]
    [InlineData(SecurityEventType.AccountLocked, "Your account is locked after failed sign-ins")]
    [InlineData(SecurityEventType.AccountUnlocked, "Your account was unlocked")]
    [InlineData(SecurityEventType.SignInAfterFailures, "New sign-in to your account after failed attempts")]
    public void Users_get_mail_about_their_own_account(SecurityEventType type, string subject)
    {
        var actor = type == SecurityEventType.AccountUnlocked ? "admin@example.com" : SecurityEvent.SystemActor;

        var mail = MailComposer.ForUser(Event(type, actor, details: new { Tier = 1, Failures = 5, LockedUntil = Now.AddMinutes(15) }), "alice@example.com", Links("http://localhost:5080"), Now);

        Assert.Equal(subject, mail?.Subject);
    }

    [Fact]
    public void A_temporary_lock_mail_says_tier_until_and_from_where_and_links_the_reset()
    {
        var mail = MailComposer.ForUser(Event(SecurityEventType.AccountLocked, details: new { Tier = 1, Failures = 5, LockedUntil = Now.AddMinutes(15) }),
            "alice@example.com", Links("https://console.example.com/"), Now)!;

        Assert.Contains("locked until 2026-11-23 12:15 UTC (tier 1) after 5 failed sign-ins", mail.TextBody);
        Assert.Contains("The last attempt came from 203.0.113.5", mail.TextBody);
        Assert.Contains("Reset your password: https://console.example.com/Account/ForgotPassword", mail.TextBody);
        Assert.Contains("<a href=\"https://console.example.com/Account/ForgotPassword\">", mail.HtmlBody);
    }

    [Fact]
    public void User_supplied_values_are_encoded_in_the_html_body()
    {
        var admin = MailComposer.ForAdmin(new AdminNotification
        {
            Title = "<script>alert(1)</script>",
            Message = "<img src=x onerror=alert(1)>",
            Subject = "<B>@EXAMPLE.COM",
            SubjectKind = NotificationSubject.Account,
        }, "admin@example.com", Links("http://localhost:5080"), Now);

        Assert.DoesNotContain("<img", admin.HtmlBody);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", admin.HtmlBody);
        Assert.Contains("/admin/accounts/%3Cb%3E%40example.com", admin.HtmlBody);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(4, 40)]
    [InlineData(9, 900)]
    [InlineData(30, 900)]
    public void Retries_wait_twice_as_long_each_time_up_to_the_cap(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OutboxLoop.Backoff(attempts, TimeSpan.FromMinutes(15)));
}
