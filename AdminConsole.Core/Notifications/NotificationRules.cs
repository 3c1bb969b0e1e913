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
        var account = e.TargetUserName?.ToLowerInvariant();
        var admin = e.Actor != SecurityEvent.SystemActor;
        return e.Type switch
        {
            SecurityEventType.AccountLocked when admin && account is not null => Spec(
                NotificationType.AdminAction, SecurityEventSeverity.Info, NotificationSubject.Account, e.TargetUserName!,
                $"{account} locked by {e.Actor}", $"{e.Actor} locked {account}: {e.Reason}", e),
            SecurityEventType.AccountLocked when e.TargetUserId is not null && account is not null && e.DetailsAs<AccountLockedDetails>() is { } locked => Spec(
                NotificationType.AccountLocked, e.Severity, NotificationSubject.Account, e.TargetUserName!,
                locked.UntilAdminUnlocks ? $"{account} locked until an admin unlocks it" : $"{account} locked (tier {locked.Tier})",
                $"{locked.Failures} failed sign-ins, the last from {e.Address}." + (locked.LockedUntil is { } until ? $" Locked until {until:yyyy-MM-dd HH:mm} UTC." : ""),
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
            SecurityEventType.AutomatedSignInsDetected when account is not null && e.DetailsAs<AutomatedSignInsDetails>() is { } automated => Spec(
                NotificationType.AutomatedSignIns, SecurityEventSeverity.Warning, NotificationSubject.Account, e.TargetUserName!,
                $"Automated sign-ins against {account}",
                $"{automated.Attempts} failed sign-ins against {account} came faster than a person types within {Window(automated.WindowSeconds)}.", e) with { Count = automated.Attempts },
            SecurityEventType.AutomaticBlockRefused when e.Address is not null => Spec(
                NotificationType.ProxyBlockRefused, SecurityEventSeverity.Critical, NotificationSubject.Address, e.Address,
                $"Trusted proxy {e.Address} would have been blocked", e.Reason ?? "A trusted proxy reached the automatic block threshold.", e),
            SecurityEventType.RefreshTokenReuse when account is not null => Spec(
                NotificationType.RefreshTokenReuse, SecurityEventSeverity.Critical, NotificationSubject.Account, e.TargetUserName!,
                $"Refresh token reused for {account}", $"A spent refresh token of {account} was presented again from {e.Address}; the session was ended.", e),
            SecurityEventType.AddressRuleAdded when e.DetailsAs<AddressRuleAddedDetails>() is { Country: { } country } rule => Spec(
                NotificationType.AdminAction, SecurityEventSeverity.Info, NotificationSubject.Country, country,
                $"{rule.Kind} rule for {Location.GeoLocation.Describe(country, null, null)} added by {e.Actor}",
                $"{e.Actor} added a {rule.Kind?.ToLowerInvariant()} rule for every address in {Location.GeoLocation.Describe(country, null, null)}: {e.Reason}", e),
            SecurityEventType.AddressRuleAdded when e.DetailsAs<AddressRuleAddedDetails>() is { Network: { } network } rule => Spec(
                NotificationType.AdminAction, SecurityEventSeverity.Info, NotificationSubject.Address, network,
                $"{rule.Kind} rule for {network} added by {e.Actor}", $"{e.Actor} added a {rule.Kind?.ToLowerInvariant()} rule for {network}: {e.Reason}", e),
            SecurityEventType.SignInAfterFailures when account is not null && e.DetailsAs<SignInAfterFailuresDetails>() is { } after => Spec(
                NotificationType.SignInAfterFailures, SecurityEventSeverity.Warning, NotificationSubject.Account, e.TargetUserName!,
                $"{account} signed in after {after.Failures} failures",
                $"A correct password from {e.Address} followed {after.Failures} failed sign-ins.{RiskOf(after.RiskScore)} If the user did not expect this, the password may be guessed.", e),
            SecurityEventType.PasswordSprayingDetected when e.Address is not null && e.DetailsAs<PasswordSprayingDetails>() is { } spray => Spec(
                NotificationType.PasswordSpraying, SecurityEventSeverity.Critical, NotificationSubject.Address, e.Address,
                $"Password spraying from {e.Address}",
                $"{e.Address} failed against {spray.Accounts} accounts within {Window(spray.WindowSeconds)}.", e) with { Count = spray.Accounts },
            SecurityEventType.DistributedAttackDetected when account is not null && e.DetailsAs<DistributedAttackDetails>() is { } distributed => Spec(
                NotificationType.DistributedAttack, SecurityEventSeverity.Critical, NotificationSubject.Account, e.TargetUserName!,
                $"Distributed attack on {account}",
                $"{account} failed from {distributed.Addresses} addresses within {Window(distributed.WindowSeconds)}.", e) with { Count = distributed.Addresses },
            SecurityEventType.ApplicationLocked when e.DetailsAs<ApplicationDetails>() is { } application => Spec(
                NotificationType.ApplicationLocked, SecurityEventSeverity.Critical, NotificationSubject.Application, application.Client,
                $"Application {application.Client} locked", (e.Reason ?? "Too many wrong client secrets.") + " It is refused until an admin unlocks it on the Applications page.", e),
            SecurityEventType.TokenRefreshBurst when account is not null => Spec(
                NotificationType.TokenRefreshBurst, SecurityEventSeverity.Warning, NotificationSubject.Account, e.TargetUserName!,
                $"Tokens of {account} refreshed again and again", (e.Reason ?? "Many refreshes within an hour.") + " A client may be looping, or a stolen token may be in use.", e),
            SecurityEventType.NewCountrySignIn when account is not null && e.DetailsAs<NewCountrySignInDetails>() is { } country => Spec(
                NotificationType.NewCountrySignIn, SecurityEventSeverity.Warning, NotificationSubject.Account, e.TargetUserName!,
                $"{account} signed in from a new country: {Location.GeoLocation.Describe(country.Country, null, null)}",
                $"A correct sign-in from {e.Address}; the account had signed in from {country.PreviousCountry} before, never from {country.Country}.{RiskOf(country.RiskScore)}", e),
            SecurityEventType.ImpossibleTravel when account is not null && e.DetailsAs<ImpossibleTravelDetails>() is { } travel => Spec(
                NotificationType.ImpossibleTravel, SecurityEventSeverity.Critical, NotificationSubject.Account, e.TargetUserName!,
                $"Impossible travel for {account}: {travel.FromCountry} to {travel.ToCountry}",
                $"Signed in from {travel.FromCountry} ({travel.FromAddress}) at {travel.FromAt:yyyy-MM-dd HH:mm} UTC and from {travel.ToCountry} ({e.Address}) "
                    + $"{DurationText.Describe(e.At - travel.FromAt)} later: about {travel.DistanceKm:0} km apart.{RiskOf(travel.RiskScore)} Someone else may hold the password.", e),
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

    private static string Window(int seconds) => DurationText.Describe(TimeSpan.FromSeconds(seconds));

    /// <summary>" Risk score N of 100." for a sign-in that stored one, else nothing.</summary>
    private static string RiskOf(int? score) => score is { } risk ? $" Risk score {risk} of 100." : "";
}
