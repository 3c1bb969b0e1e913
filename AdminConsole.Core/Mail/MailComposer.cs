using System.Net;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Links;
using AdminConsole.Core.Notifications;

namespace AdminConsole.Core.Mail;

/// <summary>
/// The mails events cause, as text and HTML. Every value that came from a user or a request (user names,
/// addresses, reasons) is HTML-encoded in the HTML body. Links start with <c>App:PublicBaseUrl</c>. The only
/// secrets ever in a mail are the one-use tokens inside account links (confirm, reset), which the mailbox owner
/// needs; they are never logged.
/// </summary>
public static class MailComposer
{
    public static bool MailsUser(SecurityEventType type) =>
        type is SecurityEventType.AccountLocked or SecurityEventType.AccountUnlocked or SecurityEventType.SignInAfterFailures
            or SecurityEventType.RefreshTokenReuse or SecurityEventType.NewDeviceSignIn
            or SecurityEventType.NewCountrySignIn or SecurityEventType.ImpossibleTravel;

    /// <summary>
    /// The mail to the account's owner an event causes, or null. <paramref name="unlockLink"/> is offered in the mail of
    /// a lock its owner may lift; <paramref name="supportContact"/> (<c>Mail:SupportContact</c>) is named in lock mails.
    /// </summary>
    /// <param name="location">Where the event's address is (<see cref="Location.GeoLocation"/>), named beside the address.</param>
    public static OutboxMail? ForUser(
        SecurityEvent e, string to, PublicLinks links, DateTimeOffset now, string? unlockLink = null, string? supportContact = null, string? location = null)
    {
        var from = location is null ? e.Address : $"{e.Address} ({location})";
        var reset = links.To("Account/ForgotPassword");
        var change = links.To("Account/Manage/ChangePassword");
        var byAdmin = e.Actor != SecurityEvent.SystemActor;
        var isLock = e.Type == SecurityEventType.AccountLocked;
        var locked = isLock && !byAdmin ? e.DetailsAs<AccountLockedDetails>() : null;
        var until = isLock && byAdmin ? e.DetailsAs<AccountLockedByAdminDetails>()?.LockedUntil : locked?.LockedUntil;
        var forever = locked?.UntilAdminUnlocks == true;
        var lockEnd = forever || until is null ? "until an administrator unlocks it" : $"until {until:yyyy-MM-dd HH:mm} UTC";
        return e.Type switch
        {
            SecurityEventType.AccountLocked when byAdmin => Mail(to, "AccountLocked", now, "Your account was locked by an administrator",
                [$"An administrator locked your account {lockEnd}.", "If you do not know why, contact your administrator.", .. Support(supportContact)], []),
            SecurityEventType.AccountLocked => Mail(to, "AccountLocked", now, "Your account is locked after failed sign-ins",
                [
                    $"Your account was locked {lockEnd} (tier {locked?.Tier ?? 0}) after {locked?.Failures ?? 0} failed sign-ins.",
                    $"The last attempt came from {from} at {e.At:yyyy-MM-dd HH:mm} UTC.",
                    forever
                        ? "Only an administrator can unlock it now. If these attempts were not yours, tell your administrator."
                        : "If these attempts were not yours, someone may be guessing your password: reset it now. Resetting your password also lifts this lock.",
                    .. UnlockOffer(forever ? null : unlockLink),
                    .. Support(supportContact),
                ],
                forever ? [] : unlockLink is null ? [("Reset your password", reset)] : [("Reset your password", reset), ("Unlock my account", unlockLink)]),
            SecurityEventType.AccountUnlocked => Mail(to, "AccountUnlocked", now, "Your account was unlocked",
                ["An administrator unlocked your account; you can sign in again.", "If you did not ask for this, reset your password."], ("Reset your password", reset)),
            SecurityEventType.SignInAfterFailures => Mail(to, "SignInAfterFailures", now, "New sign-in to your account after failed attempts",
                [
                    $"Your account was signed in to from {from} at {e.At:yyyy-MM-dd HH:mm} UTC, after {e.DetailsAs<SignInAfterFailuresDetails>()?.Failures ?? 0} failed attempts.",
                    "If this was you, there is nothing to do. If not, change your password now.",
                ],
                ("Change your password", change)),
            SecurityEventType.RefreshTokenReuse => Mail(to, "RefreshTokenReuse", now, "A copied sign-in token was used, and that session is ended",
                [
                    $"A refresh token of one of your API sessions was presented again after it had been used, from {from} at {e.At:yyyy-MM-dd HH:mm} UTC.",
                    "Only a copy can be used twice, so the whole session was ended at once: every token of it stops working.",
                    "If you did not expect this, change your password and review where you are signed in.",
                ],
                ("Review your sessions", links.To("Account/Manage/Sessions"))),
            SecurityEventType.NewDeviceSignIn => Mail(to, "NewDeviceSignIn", now, "New sign-in to your account from a new device",
                [
                    $"Your account was signed in to from a device it has not been used on before: {e.DetailsAs<NewDeviceSignInDetails>()?.Device ?? "an unknown device"}, from {from}, at {e.At:yyyy-MM-dd HH:mm} UTC.",
                    "If this was you, there is nothing to do. If not, end that session on the sessions page and change your password.",
                ],
                ("Review your sessions", links.To("Account/Manage/Sessions"))),
            SecurityEventType.NewCountrySignIn => Mail(to, "NewCountrySignIn", now, "New sign-in to your account from a new country",
                [
                    $"Your account was signed in to from a country it has not been used from before: from {from}, at {e.At:yyyy-MM-dd HH:mm} UTC.",
                    "If this was you, there is nothing to do. If not, end that session on the sessions page and change your password.",
                ],
                ("Review your sessions", links.To("Account/Manage/Sessions"))),
            SecurityEventType.ImpossibleTravel when e.DetailsAs<ImpossibleTravelDetails>() is { } travel => Mail(to, "ImpossibleTravel", now, "Your account was signed in to from two distant places",
                [
                    $"Your account was signed in to from {travel.FromCountry} at {travel.FromAt:yyyy-MM-dd HH:mm} UTC and from {from} at {e.At:yyyy-MM-dd HH:mm} UTC: nobody travels that far so fast.",
                    "If you did not expect this, someone else may know your password: change it now and review where you are signed in.",
                ],
                ("Change your password", change)),
            _ => null,
        };
    }

    /// <summary>The mail to an admin about a Critical notification.</summary>
    public static OutboxMail ForAdmin(AdminNotification n, string to, PublicLinks links, DateTimeOffset now)
    {
        var subject = n.SubjectKind switch
        {
            NotificationSubject.Account => links.To($"admin/accounts/{Uri.EscapeDataString(n.Subject.ToLowerInvariant())}"),
            NotificationSubject.Country => links.To("admin/addresses"),
            _ => links.To($"admin/addresses/{n.Subject}"),
        };
        return Mail(to, "CriticalNotification", now, $"[Critical] {n.Title}",
            [n.Message, .. n.Location is null ? Array.Empty<string>() : [$"Location: {n.Location}."], $"Raised at {n.CreatedAt:yyyy-MM-dd HH:mm} UTC. Repeats within the aggregation window update the same notification in the console."],
            ("Open in the console", subject));
    }

    /// <summary>The link that confirms a new account's address.</summary>
    public static OutboxMail ConfirmEmail(string to, string link, DateTimeOffset now) =>
        Mail(to, AccountMailKind.ConfirmEmail, now, "Confirm your email address",
            [
                "An AdminConsole account was created with this email address.",
                "Confirm the address to start using the account. If you did not create it, ignore this mail: an unconfirmed account cannot sign in.",
            ],
            ("Confirm your email address", link));

    /// <summary>The link that sets a new password (and so lifts a temporary lock).</summary>
    public static OutboxMail PasswordReset(string to, string link, DateTimeOffset now) =>
        Mail(to, AccountMailKind.PasswordReset, now, "Reset your password",
            [
                "Someone asked to reset the password of your AdminConsole account.",
                "Choose a new password with the link below; it works once and expires within a day. Resetting your password also lifts a temporary lock on your account.",
                "If you did not ask for this, ignore this mail: your password stays as it is.",
            ],
            ("Choose a new password", link));

    /// <summary>The self-service unlock link, asked for from the sign-in page or the API.</summary>
    public static OutboxMail UnlockLink(string to, string link, string signIn, TimeSpan lifetime, string? supportContact, DateTimeOffset now) =>
        Mail(to, AccountMailKind.UnlockLink, now, "Unlock your account",
            [
                "Someone asked for a link to unlock your AdminConsole account, which is locked after failed sign-ins.",
                $"Open the link below and press \"Unlock my account\"; your password stays as it is. The link works once and expires in {Text.DurationText.Describe(lifetime)}. Then sign in as usual.",
                "If you did not ask for this, ignore this mail: the account stays locked until the lock ends. If the failed sign-ins were not yours, reset your password instead.",
                .. Support(supportContact),
            ],
            [("Unlock my account", link), ("Sign in", signIn)]);

    /// <summary>An account an admin created: the link that chooses its first password.</summary>
    public static OutboxMail Invitation(string to, string link, DateTimeOffset now) =>
        Mail(to, AccountMailKind.Invitation, now, "You are invited to AdminConsole",
            [
                "An administrator created an AdminConsole account for this email address.",
                "Choose your password with the link below; it works once and expires within a day. Nobody else knows or chose a password for this account.",
                "If you did not expect this, ignore this mail: the account cannot be used without the password you choose.",
            ],
            ("Choose your password", link));

    /// <summary>A reset code for clients that cannot follow links (Identity's API flow).</summary>
    public static OutboxMail PasswordResetCode(string to, string code, DateTimeOffset now) =>
        Mail(to, AccountMailKind.PasswordResetCode, now, "Your password reset code",
            [
                "Someone asked to reset the password of your AdminConsole account.",
                $"Your reset code: {code}",
                "It works once and expires within a day. If you did not ask for this, ignore this mail: your password stays as it is.",
            ],
            link: null);

    /// <summary>The link that confirms a change of the account's address, sent to the new address.</summary>
    public static OutboxMail EmailChange(string to, string link, DateTimeOffset now) =>
        Mail(to, AccountMailKind.EmailChange, now, "Confirm your new email address",
            [
                "Someone asked to change the email address of an AdminConsole account to this address.",
                "Confirm the change with the link below; until then the account keeps its current address. If you did not ask for this, ignore this mail.",
            ],
            ("Confirm the new address", link));

    /// <summary>To the owner of an address someone tried to register again; no second account is made.</summary>
    public static OutboxMail RegistrationAttempt(string to, PublicLinks links, DateTimeOffset now) =>
        Mail(to, AccountMailKind.RegistrationAttempt, now, "Someone tried to register with your email address",
            [
                "Someone tried to create a new AdminConsole account with this email address. It already has an account, so no second account was made and nothing was changed.",
                "If it was you: you already have an account. Sign in, or reset your password if you have forgotten it.",
                "If it was not you, there is nothing to do.",
            ],
            ("Reset your password", links.To("Account/ForgotPassword")));

    private static string[] UnlockOffer(string? unlockLink) =>
        unlockLink is null ? [] : ["If the attempts were yours, you can lift the lock without changing your password: the unlock link below works once, for this lock only, and expires soon."];

    /// <summary>The paragraph naming <c>Mail:SupportContact</c>, or none when it is not set.</summary>
    private static string[] Support(string? contact) =>
        string.IsNullOrWhiteSpace(contact) ? [] : [$"Need help? Contact support: {contact}"];

    internal static OutboxMail Mail(string to, string kind, DateTimeOffset now, string subject, string[] paragraphs, (string Label, string Url)? link) =>
        Mail(to, kind, now, subject, paragraphs, link is { } l ? [l] : []);

    internal static OutboxMail Mail(string to, string kind, DateTimeOffset now, string subject, string[] paragraphs, (string Label, string Url)[] links)
    {
        var text = string.Join("\n\n", paragraphs) + string.Concat(links.Select(l => $"\n\n{l.Label}: {l.Url}")) + "\n\n-- \nAdminConsole security notice. This mailbox is not read.";
        var html = "<!DOCTYPE html><html><body style=\"font-family:sans-serif;font-size:15px;color:#222\">"
            + string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"))
            + string.Concat(links.Select(h => $"<p><a href=\"{WebUtility.HtmlEncode(h.Url)}\">{WebUtility.HtmlEncode(h.Label)}</a></p>"))
            + "<p style=\"color:#777;font-size:12px\">AdminConsole security notice. This mailbox is not read.</p></body></html>";
        return new OutboxMail
        {
            To = to,
            Subject = subject,
            TextBody = text,
            HtmlBody = html,
            Kind = kind,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }
}
