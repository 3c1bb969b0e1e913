namespace AdminConsole.Core.Mail;

/// <summary>The <see cref="OutboxMail.Kind"/> of the mails about an account's own sign-in details.</summary>
public static class AccountMailKind
{
    public const string ConfirmEmail = "ConfirmEmail";
    public const string PasswordReset = "PasswordReset";
    public const string PasswordResetCode = "PasswordResetCode";
    public const string EmailChange = "EmailChange";
    public const string RegistrationAttempt = "RegistrationAttempt";
    public const string Invitation = "Invitation";
    public const string UnlockLink = "UnlockLink";
}
