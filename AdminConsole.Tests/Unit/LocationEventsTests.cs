using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Links;
using AdminConsole.Core.Mail;
using AdminConsole.Core.Notifications;
using AdminConsole.Core.Webhooks;

namespace AdminConsole.Tests.Unit;

/// <summary>What the two location signals cause: a notification on the account, a webhook, a mail to the owner.</summary>
public sealed class LocationEventsTests
{
    private static readonly DateTimeOffset Now = AppFactory.Start;

    private static readonly LoginAttempt Attempt = new()
    {
        UserName = "ALICE@EXAMPLE.COM", UserId = "u1", Address = "203.0.113.200", Country = "JP", Asn = 64501, Outcome = LoginOutcome.Succeeded,
    };

    private static PublicLinks Links() => new(new FixedOptions<PublicUrlOptions>(new() { PublicBaseUrl = "https://console.example.test/" }));

    private static SecurityEvent Travel() => SecurityEvents.ImpossibleTravel(
        Attempt, new ImpossibleTravelDetails("FR", "203.0.113.7", Now.AddHours(-1), "JP", 9700, 9700), Now);

    private static SecurityEvent NewCountry() => SecurityEvents.NewCountrySignIn(Attempt, new NewCountrySignInDetails("JP", "FR", 64501), Now);

    [Fact]
    public void Impossible_travel_is_a_critical_notification_on_the_account()
    {
        var spec = NotificationRules.For(Travel())!;

        Assert.Equal((NotificationType.ImpossibleTravel, SecurityEventSeverity.Critical, NotificationSubject.Account, "ALICE@EXAMPLE.COM"),
            (spec.Type, spec.Severity, spec.SubjectKind, spec.Subject));
        Assert.Contains("FR to JP", spec.Title, StringComparison.Ordinal);
        Assert.Contains("1 hour later", spec.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_country_is_a_warning_naming_the_country()
    {
        var spec = NotificationRules.For(NewCountry())!;

        Assert.Equal((NotificationType.NewCountrySignIn, SecurityEventSeverity.Warning), (spec.Type, spec.Severity));
        Assert.Contains("Japan (JP)", spec.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_country_rule_is_notified_by_country_and_leads_to_the_rules()
    {
        var added = SecurityEvents.AddressRuleAdded(
            new ConsoleActor("admin@example.com", IsAdmin: true, "198.51.100.7"), "No staff there", new AddressRuleAddedDetails("JP", "Deny", null, "jp") { Country = "JP" }, Now);

        var spec = NotificationRules.For(added)!;

        Assert.Equal((NotificationSubject.Country, "JP"), (spec.SubjectKind, spec.Subject));
        Assert.Equal("Deny rule for Japan (JP) added by admin@example.com", spec.Title);
        Assert.Equal("admin/addresses", AdminConsole.Components.Admin.Shared.NotificationLinks.For(
            new AdminNotification { Title = spec.Title, Message = spec.Message, Subject = spec.Subject, SubjectKind = spec.SubjectKind }));
    }

    [Fact]
    public void Both_signals_go_out_as_suspicious_sign_ins()
    {
        Assert.Equal(WebhookEvents.SuspiciousSignIn, WebhookMessages.KindOf(Travel()));
        Assert.Equal(WebhookEvents.SuspiciousSignIn, WebhookMessages.KindOf(NewCountry()));
        Assert.Equal("sign_in.suspicious", WebhookMessages.TypeName(WebhookEvents.SuspiciousSignIn));
        Assert.True(WebhookEvents.All.HasFlag(WebhookEvents.SuspiciousSignIn));
    }

    [Fact]
    public void The_owner_is_mailed_with_the_place()
    {
        var mail = MailComposer.ForUser(NewCountry(), "alice@example.com", Links(), Now, location: "Japan (JP), AS64501 Example Transit JP")!;
        var travel = MailComposer.ForUser(Travel(), "alice@example.com", Links(), Now, location: "Japan (JP)")!;

        Assert.Contains("from 203.0.113.200 (Japan (JP), AS64501 Example Transit JP)", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("from FR at", travel.TextBody, StringComparison.Ordinal);
        Assert.Contains("from 203.0.113.200 (Japan (JP))", travel.TextBody, StringComparison.Ordinal);
    }
}
