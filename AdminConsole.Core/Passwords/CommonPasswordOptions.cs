namespace AdminConsole.Core.Passwords;

/// <summary><c>Passwords:*</c>: what the common-password list does at sign-in.</summary>
public sealed class CommonPasswordOptions
{
    public const string Section = "Passwords";

    /// <summary>
    /// A correct password found on the common-password list signs in only to a forced password change (and the API
    /// issues nothing until it is changed).
    /// </summary>
    public bool RequireChangeWhenCommon { get; set; } = true;
}
