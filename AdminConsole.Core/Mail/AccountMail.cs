using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Links;

namespace AdminConsole.Core.Mail;

/// <summary>
/// Mail about an account's own sign-in details (confirm the address, reset the password, unlock the account, confirm a
/// new address, "someone tried to register with your address"), through the outbox like every other mail. Links are built
/// from <c>App:PublicBaseUrl</c>; a link handed in from elsewhere must be under it. Tokens appear in the mail
/// only, never in a log line.
/// </summary>
public sealed partial class AccountMail(
    UserManager<AppUser> users,
    SecurityDbContext db,
    MailSignal signal,
    PublicLinks links,
    Lockout.UnlockLinks unlockLinks,
    IOptionsMonitor<Lockout.UnlockLinkOptions> unlockOptions,
    IOptionsMonitor<MailOptions> mailOptions,
    TimeProvider time,
    ILogger<AccountMail> log) : IEmailSender<AppUser>
{
    /// <summary>Queues the link that confirms the account's address.</summary>
    public async Task SendConfirmationAsync(AppUser user, string? returnUrl, CancellationToken cancellationToken)
    {
        var code = AccountCode.Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = links.To("Account/ConfirmEmail", [new("userId", user.Id), new("code", code), new("returnUrl", returnUrl)]);
        await QueueAsync(user, MailComposer.ConfirmEmail(user.Email!, link, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>Queues the password reset link.</summary>
    public async Task SendPasswordResetAsync(AppUser user, CancellationToken cancellationToken) =>
        await QueueAsync(user, MailComposer.PasswordReset(user.Email!, await SetPasswordLinkAsync(user), time.GetUtcNow()), cancellationToken);

    /// <summary>Queues the invitation of an account an admin created: a one-use link to choose its first password.</summary>
    public async Task SendInvitationAsync(AppUser user, CancellationToken cancellationToken) =>
        await QueueAsync(user, MailComposer.Invitation(user.Email!, await SetPasswordLinkAsync(user), time.GetUtcNow()), cancellationToken);

    /// <summary>
    /// A one-use link to choose a password (Identity's password-reset token: it expires within a day and is spent
    /// by use, since setting the password renews the security stamp). Mailed by the two methods above; printed by
    /// the command line's <c>create-admin</c>.
    /// </summary>
    public async Task<string> SetPasswordLinkAsync(AppUser user) =>
        links.To("Account/ResetPassword", [new("code", AccountCode.Encode(await users.GeneratePasswordResetTokenAsync(user)))]);

    /// <summary>Queues the link that lifts the account's lock set at <paramref name="lockedAt"/> (and no other).</summary>
    public Task SendUnlockLinkAsync(AppUser user, DateTimeOffset lockedAt, CancellationToken cancellationToken) =>
        QueueAsync(user, MailComposer.UnlockLink(user.Email!, unlockLinks.LinkFor(user.Id, user.SecurityStamp, lockedAt), links.To("Account/Login"),
            unlockOptions.CurrentValue.UnlockLinkLifetime, mailOptions.CurrentValue.SupportContact, time.GetUtcNow()), cancellationToken);

    /// <summary>Queues, to the new address, the link that confirms the change to it.</summary>
    public async Task SendEmailChangeAsync(AppUser user, string newEmail, CancellationToken cancellationToken)
    {
        var code = AccountCode.Encode(await users.GenerateChangeEmailTokenAsync(user, newEmail));
        var link = links.To("Account/ConfirmEmailChange", [new("userId", user.Id), new("email", newEmail), new("code", code)]);
        await QueueAsync(user, MailComposer.EmailChange(newEmail, link, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>Tells the owner of an address that someone tried to register it again (no account was made).</summary>
    public Task SendRegistrationAttemptAsync(AppUser user, CancellationToken cancellationToken) =>
        QueueAsync(user, MailComposer.RegistrationAttempt(user.Email!, links, time.GetUtcNow()), cancellationToken);

    Task IEmailSender<AppUser>.SendConfirmationLinkAsync(AppUser user, string email, string confirmationLink) =>
        QueueAsync(user, MailComposer.ConfirmEmail(email, Checked(confirmationLink), time.GetUtcNow()), CancellationToken.None);

    Task IEmailSender<AppUser>.SendPasswordResetLinkAsync(AppUser user, string email, string resetLink) =>
        QueueAsync(user, MailComposer.PasswordReset(email, Checked(resetLink), time.GetUtcNow()), CancellationToken.None);

    Task IEmailSender<AppUser>.SendPasswordResetCodeAsync(AppUser user, string email, string resetCode) =>
        QueueAsync(user, MailComposer.PasswordResetCode(email, resetCode, time.GetUtcNow()), CancellationToken.None);

    /// <summary>
    /// Identity's callers HTML-encode the link they hand in; the composer encodes for HTML itself, so decode first.
    /// A link that does not start with the public base URL was built from a request's Host header: refuse it.
    /// </summary>
    private string Checked(string link)
    {
        var url = System.Net.WebUtility.HtmlDecode(link);
        return links.IsUnderBase(url)
            ? url
            : throw new InvalidOperationException($"An account link must start with {PublicUrlOptions.Key}.");
    }

    private async Task QueueAsync(AppUser user, OutboxMail mail, CancellationToken cancellationToken)
    {
        db.OutboxMails.Add(mail);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        LogQueued(mail.Kind, user.Id, mail.Id);
    }

    [LoggerMessage(EventId = 3001, EventName = "AccountMailQueued", Level = LogLevel.Information,
        Message = "Account mail {Kind} queued for user {UserId} as mail {MailId}")]
    private partial void LogQueued(string kind, string userId, long mailId);
}
