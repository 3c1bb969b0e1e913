using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Links;
using AdminConsole.Core.Mail;
using AdminConsole.Core.Notifications;

namespace AdminConsole.Tests.Unit;

/// <summary>
/// Every event is built by <see cref="SecurityEvents"/> and its details read back through their record. The stored
/// JSON is the shape rows already hold: each case writes exactly that text and reads that text back.
/// </summary>
public sealed class SecurityEventsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly ConsoleActor Admin = new("admin@example.com", IsAdmin: true, "198.51.100.7");
    private static readonly LoginAttempt Attempt = new() { UserId = "u1", UserName = "ALICE@EXAMPLE.COM", Address = "203.0.113.5" };

    /// <summary>The event, its type, severity and actor, its details, and the details' JSON as rows hold it.</summary>
    public static TheoryData<string, SecurityEvent, SecurityEventType, SecurityEventSeverity, string, ISecurityEventDetails, string> Cases => new()
    {
        {
            "temporary lock",
            SecurityEvents.AccountLocked(Attempt, "5 failed sign-ins", new AccountLockedDetails(1, 5, 5, Now.AddMinutes(15), false, true), Now),
            SecurityEventType.AccountLocked, SecurityEventSeverity.Warning, SecurityEvent.SystemActor,
            new AccountLockedDetails(1, 5, 5, Now.AddMinutes(15), false, true),
            """{"Tier":1,"Failures":5,"ConsecutiveFailures":5,"LockedUntil":"2026-11-23T12:15:00+00:00","UntilAdminUnlocks":false,"KnownAccount":true}"""
        },
        {
            "lock until unlocked",
            SecurityEvents.AccountLocked(Attempt, "15 failed sign-ins", new AccountLockedDetails(3, 15, 15, null, true, true), Now),
            SecurityEventType.AccountLocked, SecurityEventSeverity.Critical, SecurityEvent.SystemActor,
            new AccountLockedDetails(3, 15, 15, null, true, true),
            """{"Tier":3,"Failures":15,"ConsecutiveFailures":15,"LockedUntil":null,"UntilAdminUnlocks":true,"KnownAccount":true}"""
        },
        {
            "sign-in after failures",
            SecurityEvents.SignInAfterFailures(Attempt, new SignInAfterFailuresDetails(4, "203.0.113.9", 45), Now),
            SecurityEventType.SignInAfterFailures, SecurityEventSeverity.Info, SecurityEvent.SystemActor,
            new SignInAfterFailuresDetails(4, "203.0.113.9", 45),
            """{"Failures":4,"LastFailureAddress":"203.0.113.9","RiskScore":45}"""
        },
        {
            "new device",
            SecurityEvents.NewDeviceSignIn(Attempt, new NewDeviceSignInDetails("Firefox on Linux"), Now),
            SecurityEventType.NewDeviceSignIn, SecurityEventSeverity.Info, SecurityEvent.SystemActor,
            new NewDeviceSignInDetails("Firefox on Linux"),
            """{"Device":"Firefox on Linux"}"""
        },
        {
            "known device locked",
            SecurityEvents.KnownDeviceLocked(Attempt, new KnownDeviceLockedDetails("abcdef12", 5, Now.AddMinutes(15)), Now),
            SecurityEventType.KnownDeviceLocked, SecurityEventSeverity.Warning, SecurityEvent.SystemActor,
            new KnownDeviceLockedDetails("abcdef12", 5, Now.AddMinutes(15)),
            """{"Device":"abcdef12","Failures":5,"LockedUntil":"2026-11-23T12:15:00+00:00"}"""
        },
        {
            "known device through a lock",
            SecurityEvents.KnownDeviceSignInWhileLocked(Attempt, new KnownDeviceSignInWhileLockedDetails("abcdef12", 1, 5, Now.AddMinutes(15)), Now),
            SecurityEventType.KnownDeviceSignInWhileLocked, SecurityEventSeverity.Info, SecurityEvent.SystemActor,
            new KnownDeviceSignInWhileLockedDetails("abcdef12", 1, 5, Now.AddMinutes(15)),
            """{"Device":"abcdef12","Tier":1,"Failures":5,"LockedUntil":"2026-11-23T12:15:00+00:00"}"""
        },
        {
            "lock cleared by reset",
            SecurityEvents.LockClearedByPasswordReset("u1", "ALICE@EXAMPLE.COM", "203.0.113.5", new LockClearedByPasswordResetDetails(1, 5, Now.AddMinutes(15)), Now),
            SecurityEventType.LockClearedByPasswordReset, SecurityEventSeverity.Info, SecurityEvent.SystemActor,
            new LockClearedByPasswordResetDetails(1, 5, Now.AddMinutes(15)),
            """{"Tier":1,"Failures":5,"LockedUntil":"2026-11-23T12:15:00+00:00"}"""
        },
        {
            "unlocked by the owner",
            SecurityEvents.AccountUnlockedByOwner("u1", "ALICE@EXAMPLE.COM", "203.0.113.5", new AccountUnlockedByOwnerDetails(1, 5, 5, Now.AddMinutes(15)), Now),
            SecurityEventType.AccountUnlockedByOwner, SecurityEventSeverity.Info, "the account's owner, by mail",
            new AccountUnlockedByOwnerDetails(1, 5, 5, Now.AddMinutes(15)),
            """{"Tier":1,"Failures":5,"ConsecutiveFailures":5,"LockedUntil":"2026-11-23T12:15:00+00:00"}"""
        },
        {
            "spraying",
            SecurityEvents.PasswordSprayingDetected("203.0.113.5", new PasswordSprayingDetails(12, 600), Now),
            SecurityEventType.PasswordSprayingDetected, SecurityEventSeverity.Critical, SecurityEvent.SystemActor,
            new PasswordSprayingDetails(12, 600),
            """{"Accounts":12,"WindowSeconds":600}"""
        },
        {
            "distributed",
            SecurityEvents.DistributedAttackDetected("ALICE@EXAMPLE.COM", "u1", new DistributedAttackDetails(7, 600), Now),
            SecurityEventType.DistributedAttackDetected, SecurityEventSeverity.Critical, SecurityEvent.SystemActor,
            new DistributedAttackDetails(7, 600),
            """{"Addresses":7,"WindowSeconds":600}"""
        },
        {
            "automated",
            SecurityEvents.AutomatedSignInsDetected("ALICE@EXAMPLE.COM", "u1", new AutomatedSignInsDetails(9, 600), Now),
            SecurityEventType.AutomatedSignInsDetected, SecurityEventSeverity.Warning, SecurityEvent.SystemActor,
            new AutomatedSignInsDetails(9, 600),
            """{"Attempts":9,"WindowSeconds":600}"""
        },
        {
            "token reuse",
            SecurityEvents.RefreshTokenReuse("u1", "ALICE@EXAMPLE.COM", "203.0.113.5", new RefreshTokenReuseDetails("s1", true, "203.0.113.1"), Now),
            SecurityEventType.RefreshTokenReuse, SecurityEventSeverity.Critical, SecurityEvent.SystemActor,
            new RefreshTokenReuseDetails("s1", true, "203.0.113.1"),
            """{"Session":"s1","SessionWasOpen":true,"SessionAddress":"203.0.113.1"}"""
        },
        {
            "token reuse at the OpenID Connect token endpoint",
            SecurityEvents.RefreshTokenReuse("u1", "ALICE@EXAMPLE.COM", "203.0.113.5", new RefreshTokenReuseDetails("s1", true, "203.0.113.1", "spa"), Now),
            SecurityEventType.RefreshTokenReuse, SecurityEventSeverity.Critical, SecurityEvent.SystemActor,
            new RefreshTokenReuseDetails("s1", true, "203.0.113.1", "spa"),
            """{"Session":"s1","SessionWasOpen":true,"SessionAddress":"203.0.113.1","Client":"spa"}"""
        },
        {
            "rule added",
            SecurityEvents.AddressRuleAdded(Admin, "abuse", new AddressRuleAddedDetails("203.0.113.0/24", "Deny", null, "203.0.113.0/24"), Now),
            SecurityEventType.AddressRuleAdded, SecurityEventSeverity.Info, "admin@example.com",
            new AddressRuleAddedDetails("203.0.113.0/24", "Deny", null, "203.0.113.0/24"),
            """{"Network":"203.0.113.0/24","Kind":"Deny","ExpiresAt":null,"Typed":"203.0.113.0/24"}"""
        },
        {
            "rule ended",
            SecurityEvents.AddressRuleEnded(Admin, "done", new AddressRuleEndedDetails(3, "203.0.113.0/24", "Deny", "Admin"), Now),
            SecurityEventType.AddressRuleEnded, SecurityEventSeverity.Info, "admin@example.com",
            new AddressRuleEndedDetails(3, "203.0.113.0/24", "Deny", "Admin"),
            """{"Id":3,"Network":"203.0.113.0/24","Kind":"Deny","Source":"Admin"}"""
        },
        {
            "admin lock",
            SecurityEvents.AccountAction(SecurityEventType.AccountLocked, Admin, "u1", "ALICE@EXAMPLE.COM", "why", new AccountLockedByAdminDetails(null, true, 2, 1), Now),
            SecurityEventType.AccountLocked, SecurityEventSeverity.Info, "admin@example.com",
            new AccountLockedByAdminDetails(null, true, 2, 1),
            """{"LockedUntil":null,"UntilUnlocked":true,"DevicesRevoked":2,"SessionsEnded":1}"""
        },
        {
            "unlock",
            SecurityEvents.AccountAction(SecurityEventType.AccountUnlocked, Admin, "u1", "ALICE@EXAMPLE.COM", "why", new AccountUnlockedDetails(1, 5, 5, Now.AddMinutes(15)), Now),
            SecurityEventType.AccountUnlocked, SecurityEventSeverity.Info, "admin@example.com",
            new AccountUnlockedDetails(1, 5, 5, Now.AddMinutes(15)),
            """{"Tier":1,"Failures":5,"ConsecutiveFailures":5,"LockedUntil":"2026-11-23T12:15:00+00:00"}"""
        },
        {
            "failures reset",
            SecurityEvents.AccountAction(SecurityEventType.FailuresReset, Admin, "u1", "ALICE@EXAMPLE.COM", "why", new FailuresResetDetails(3, 3, 0), Now),
            SecurityEventType.FailuresReset, SecurityEventSeverity.Info, "admin@example.com",
            new FailuresResetDetails(3, 3, 0),
            """{"Failures":3,"ConsecutiveFailures":3,"Tier":0}"""
        },
        {
            "signed out everywhere",
            SecurityEvents.AccountAction(SecurityEventType.SessionsRevoked, Admin, "u1", "ALICE@EXAMPLE.COM", "why", new SessionsRevokedDetails(2, DevicesRevoked: 1), Now),
            SecurityEventType.SessionsRevoked, SecurityEventSeverity.Info, "admin@example.com",
            new SessionsRevokedDetails(2, DevicesRevoked: 1),
            """{"Sessions":2,"DevicesRevoked":1}"""
        },
        {
            "one session ended",
            SecurityEvents.AccountAction(SecurityEventType.SessionsRevoked, Admin, "u1", "ALICE@EXAMPLE.COM", "why", new SessionsRevokedDetails(1, Session: "s1"), Now),
            SecurityEventType.SessionsRevoked, SecurityEventSeverity.Info, "admin@example.com",
            new SessionsRevokedDetails(1, Session: "s1"),
            """{"Sessions":1,"Session":"s1"}"""
        },
        {
            "devices forgotten",
            SecurityEvents.AccountAction(SecurityEventType.KnownDevicesRevoked, Admin, "u1", "ALICE@EXAMPLE.COM", "why", new KnownDevicesRevokedDetails(2, null), Now),
            SecurityEventType.KnownDevicesRevoked, SecurityEventSeverity.Info, "admin@example.com",
            new KnownDevicesRevokedDetails(2, null),
            """{"Devices":2,"Device":null}"""
        },
        {
            "role granted",
            SecurityEvents.AccountAction(SecurityEventType.RoleGranted, Admin, "u1", "ALICE@EXAMPLE.COM", "why", new UserRoleDetails("SecurityViewer"), Now),
            SecurityEventType.RoleGranted, SecurityEventSeverity.Warning, "admin@example.com",
            new UserRoleDetails("SecurityViewer"),
            """{"Role":"SecurityViewer"}"""
        },
        {
            "user disabled",
            SecurityEvents.AccountAction(SecurityEventType.UserDisabled, Admin, "u1", "ALICE@EXAMPLE.COM", "why", new UserDisabledDetails(2, 1), Now),
            SecurityEventType.UserDisabled, SecurityEventSeverity.Warning, "admin@example.com",
            new UserDisabledDetails(2, 1),
            """{"SessionsEnded":2,"DevicesRevoked":1}"""
        },
        {
            "address blocked",
            SecurityEvents.AutomaticBlock(SecurityEventType.AddressBlocked, "203.0.113.5", "10 failed sign-ins", new AutomaticBlockDetails(2, Now.AddHours(1), TimeSpan.FromHours(1)), Now),
            SecurityEventType.AddressBlocked, SecurityEventSeverity.Warning, SecurityEvent.SystemActor,
            new AutomaticBlockDetails(2, Now.AddHours(1), TimeSpan.FromHours(1)),
            """{"Blocks":2,"BlockedUntil":"2026-11-23T13:00:00+00:00","Duration":"01:00:00"}"""
        },
        {
            "proxy not blocked",
            SecurityEvents.AutomaticBlockRefused("10.0.0.1", "10 failed sign-ins", new AutomaticBlockRefusedDetails(1, Now.AddMinutes(15)), Now),
            SecurityEventType.AutomaticBlockRefused, SecurityEventSeverity.Critical, SecurityEvent.SystemActor,
            new AutomaticBlockRefusedDetails(1, Now.AddMinutes(15)),
            """{"Blocks":1,"WouldBlockUntil":"2026-11-23T12:15:00+00:00"}"""
        },
        {
            "redis lost",
            SecurityEvents.SharedState(SecurityEventType.SharedStateUnavailable, SecurityEventSeverity.Warning, "Redis is unreachable.", new SharedStateDetails("host1", "timeout"), Now),
            SecurityEventType.SharedStateUnavailable, SecurityEventSeverity.Warning, SecurityEvent.SystemActor,
            new SharedStateDetails("host1", "timeout"),
            """{"Instance":"host1","Failure":"timeout"}"""
        },
        {
            "sessions ended by the system",
            SecurityEvents.SessionsRevoked(SecurityEvent.SystemActor, "u1", "ALICE@EXAMPLE.COM", null, "Password reset", new SessionsRevokedDetails(2, "s1", "s2"), Now),
            SecurityEventType.SessionsRevoked, SecurityEventSeverity.Info, SecurityEvent.SystemActor,
            new SessionsRevokedDetails(2, "s1", "s2"),
            """{"Sessions":2,"Session":"s1","KeptSession":"s2"}"""
        },
        {
            "webhook added",
            SecurityEvents.WebhookAction(SecurityEventType.WebhookEndpointAdded, Admin, "SIEM", new WebhookEndpointDetails(4, "https://siem.example.com", "AccountLocked", null), Now),
            SecurityEventType.WebhookEndpointAdded, SecurityEventSeverity.Info, "admin@example.com",
            new WebhookEndpointDetails(4, "https://siem.example.com", "AccountLocked", null),
            """{"Endpoint":4,"Url":"https://siem.example.com","Events":"AccountLocked","Delivery":null}"""
        },
        {
            "user enabled",
            SecurityEvents.AccountAction(SecurityEventType.UserEnabled, Admin, "u1", "ALICE@EXAMPLE.COM", "why", new UserEnabledDetails(), Now),
            SecurityEventType.UserEnabled, SecurityEventSeverity.Info, "admin@example.com",
            new UserEnabledDetails(),
            "{}"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_event_is_built_with_its_severity_and_actor_and_writes_its_details_in_the_stored_shape(
        string name, SecurityEvent e, SecurityEventType type, SecurityEventSeverity severity, string actor, ISecurityEventDetails details, string storedJson)
    {
        Assert.Equal((type, severity, actor, Now), (e.Type, e.Severity, e.Actor, e.At));
        Assert.Equal(storedJson, e.Details);
        Assert.Equal(details, Read(e, details.GetType()));
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_row_in_the_stored_shape_reads_back_through_its_type(
        string name, SecurityEvent e, SecurityEventType type, SecurityEventSeverity severity, string actor, ISecurityEventDetails details, string storedJson)
    {
        var stored = new SecurityEvent { Type = type, Severity = severity, Actor = actor, Details = storedJson };

        Assert.Equal(details, Read(stored, details.GetType()));
        Assert.NotNull(e);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void Details_a_row_lacks_read_as_their_defaults()
    {
        // The demo data writes locks with only a tier and a count.
        var stored = new SecurityEvent { Type = SecurityEventType.AccountLocked, Actor = SecurityEvent.SystemActor, Details = """{"Tier":2,"Failures":10}""" };

        Assert.Equal(new AccountLockedDetails(2, 10, 0, null, false, false), stored.DetailsAs<AccountLockedDetails>());
    }

    [Fact]
    public void An_event_without_details_reads_none() =>
        Assert.Null(SecurityEvents.CommonPasswordSignIn(Attempt, Now).DetailsAs<AccountLockedDetails>());

    [Fact]
    public void Notification_and_mail_texts_come_from_the_typed_details()
    {
        var locked = SecurityEvents.AccountLocked(Attempt, "7 failed sign-ins", new AccountLockedDetails(2, 7, 7, Now.AddHours(1), false, true), Now);
        var links = new PublicLinks(new FixedOptions<PublicUrlOptions>(new() { PublicBaseUrl = "https://console.example.com/" }));

        var spec = NotificationRules.For(locked)!;
        var mail = MailComposer.ForUser(locked, "alice@example.com", links, Now)!;

        Assert.Equal("alice@example.com locked (tier 2)", spec.Title);
        Assert.Equal("7 failed sign-ins, the last from 203.0.113.5. Locked until 2026-11-23 13:00 UTC.", spec.Message);
        Assert.Contains("locked until 2026-11-23 13:00 UTC (tier 2) after 7 failed sign-ins", mail.TextBody);
    }

    [Fact]
    public void The_sign_in_after_failures_texts_give_the_typed_count()
    {
        var after = SecurityEvents.SignInAfterFailures(Attempt, new SignInAfterFailuresDetails(4, "203.0.113.9"), Now);
        var links = new PublicLinks(new FixedOptions<PublicUrlOptions>(new() { PublicBaseUrl = "https://console.example.com/" }));

        Assert.Equal("alice@example.com signed in after 4 failures", NotificationRules.For(after)!.Title);
        Assert.Contains("after 4 failed attempts", MailComposer.ForUser(after, "alice@example.com", links, Now)!.TextBody);
    }

    [Fact]
    public void The_new_device_mail_names_the_typed_device()
    {
        var device = SecurityEvents.NewDeviceSignIn(Attempt, new NewDeviceSignInDetails("Firefox on Linux"), Now);
        var links = new PublicLinks(new FixedOptions<PublicUrlOptions>(new() { PublicBaseUrl = "https://console.example.com/" }));

        Assert.Contains("a device it has not been used on before: Firefox on Linux, from 203.0.113.5", MailComposer.ForUser(device, "alice@example.com", links, Now)!.TextBody);
    }

    [Fact]
    public void An_address_rule_notification_names_the_typed_kind_and_network()
    {
        var added = SecurityEvents.AddressRuleAdded(Admin, "abuse", new AddressRuleAddedDetails("203.0.113.0/24", "Deny", null, "203.0.113.7/24"), Now);

        var spec = NotificationRules.For(added)!;

        Assert.Equal(("203.0.113.0/24", "Deny rule for 203.0.113.0/24 added by admin@example.com"), (spec.Subject, spec.Title));
    }

    private static object? Read(SecurityEvent e, Type detailsType) =>
        typeof(SecurityEvent).GetMethod(nameof(SecurityEvent.DetailsAs))!.MakeGenericMethod(detailsType).Invoke(e, null);
}
