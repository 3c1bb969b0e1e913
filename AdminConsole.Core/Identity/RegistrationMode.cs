namespace AdminConsole.Core.Identity;

/// <summary>Who may create an account on the sign-in page's "Create an account".</summary>
public enum RegistrationMode
{
    /// <summary>Anyone with a mailbox (the default in Development).</summary>
    Open,

    /// <summary>Only addresses in <see cref="RegistrationOptions.AllowedDomains"/>.</summary>
    Domains,

    /// <summary>Nobody: accounts come from an admin's invitation (the default outside Development).</summary>
    InviteOnly,
}
