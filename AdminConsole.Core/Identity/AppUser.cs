namespace AdminConsole.Core.Identity;

/// <summary>
/// A console user. Lockout state lives in <see cref="Lockout.AccountLockout"/>, keyed by the normalised user name,
/// so that unknown user names get exactly the same counters and answers as real accounts (ASVS 6.3.8).
/// </summary>
public sealed class AppUser : IdentityUser
{
    /// <summary>A disabled account cannot sign in, whatever its password.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    public string? LastSignInAddress { get; set; }

    /// <summary>
    /// Signed in with a password found on the common-password list: the account reaches nothing but the
    /// change-password page until the password is changed or reset.
    /// </summary>
    public bool PasswordChangeRequired { get; set; }
}
