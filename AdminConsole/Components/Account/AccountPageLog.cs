namespace AdminConsole.Components.Account;

/// <summary>The log lines of the account pages (second factor, recovery codes, the Manage pages), each with its event id.</summary>
internal static partial class AccountPageLog
{
    [LoggerMessage(EventId = 5103, EventName = "SignedInWithRecoveryCode", Level = LogLevel.Information,
        Message = "User with ID '{UserId}' logged in with a recovery code.")]
    public static partial void SignedInWithRecoveryCode(ILogger logger, string userId);

    [LoggerMessage(EventId = 5104, EventName = "RecoveryCodeSignInLockedOut", Level = LogLevel.Warning,
        Message = "User account locked out.")]
    public static partial void RecoveryCodeSignInLockedOut(ILogger logger);

    [LoggerMessage(EventId = 5105, EventName = "RecoveryCodeInvalid", Level = LogLevel.Warning,
        Message = "Invalid recovery code entered for user with ID '{UserId}' ")]
    public static partial void RecoveryCodeInvalid(ILogger logger, string userId);

    [LoggerMessage(EventId = 5106, EventName = "SignedInWithTwoFactor", Level = LogLevel.Information,
        Message = "User with ID '{UserId}' logged in with 2fa.")]
    public static partial void SignedInWithTwoFactor(ILogger logger, string userId);

    [LoggerMessage(EventId = 5107, EventName = "TwoFactorSignInLockedOut", Level = LogLevel.Warning,
        Message = "User with ID '{UserId}' account locked out.")]
    public static partial void TwoFactorSignInLockedOut(ILogger logger, string userId);

    [LoggerMessage(EventId = 5108, EventName = "AuthenticatorCodeInvalid", Level = LogLevel.Warning,
        Message = "Invalid authenticator code entered for user with ID '{UserId}'.")]
    public static partial void AuthenticatorCodeInvalid(ILogger logger, string userId);

    [LoggerMessage(EventId = 5109, EventName = "AuthenticatorKeyReset", Level = LogLevel.Information,
        Message = "User with ID '{UserId}' has reset their authentication app key.")]
    public static partial void AuthenticatorKeyReset(ILogger logger, string userId);

    [LoggerMessage(EventId = 5110, EventName = "AuthenticatorEnabled", Level = LogLevel.Information,
        Message = "User with ID '{UserId}' has enabled 2FA with an authenticator app.")]
    public static partial void AuthenticatorEnabled(ILogger logger, string userId);

    [LoggerMessage(EventId = 5111, EventName = "PasswordChanged", Level = LogLevel.Information,
        Message = "User changed their password successfully.")]
    public static partial void PasswordChanged(ILogger logger);

    [LoggerMessage(EventId = 5112, EventName = "RecoveryCodesGenerated", Level = LogLevel.Information,
        Message = "User with ID '{UserId}' has generated new 2FA recovery codes.")]
    public static partial void RecoveryCodesGenerated(ILogger logger, string userId);

    [LoggerMessage(EventId = 5113, EventName = "TwoFactorDisabled", Level = LogLevel.Information,
        Message = "User with ID '{UserId}' has disabled 2fa.")]
    public static partial void TwoFactorDisabled(ILogger logger, string userId);

    [LoggerMessage(EventId = 5114, EventName = "PersonalDataDeleted", Level = LogLevel.Information,
        Message = "User with ID '{UserId}' deleted themselves.")]
    public static partial void PersonalDataDeleted(ILogger logger, string userId);
}
