namespace AdminConsole.Core.Identity;

/// <summary>
/// <c>Registration:*</c>: self-service registration. When it is closed for an address (every address for
/// <see cref="RegistrationMode.InviteOnly"/>, any outside the domains for <see cref="RegistrationMode.Domains"/>), the
/// register page answers exactly as for an address that has an account, so it tells nobody which addresses exist or
/// which domains are allowed (<see cref="AccountRegistration"/>).
/// </summary>
public sealed class RegistrationOptions
{
    public const string Section = "Registration";

    /// <summary>Open, Domains or InviteOnly; InviteOnly unless set, except in Development, where it is Open.</summary>
    public RegistrationMode Mode { get; set; } = RegistrationMode.InviteOnly;

    /// <summary>For <see cref="RegistrationMode.Domains"/>: the mail domains that may register (<c>example.com</c>; exact, not subdomains).</summary>
    public List<string> AllowedDomains { get; set; } = [];

    /// <summary>Whether the sign-in page offers "Create an account".</summary>
    public bool OffersRegistration => Mode != RegistrationMode.InviteOnly;

    /// <summary>Whether <paramref name="email"/> may create an account.</summary>
    public bool Allows(string email) => Mode switch
    {
        RegistrationMode.Open => true,
        RegistrationMode.Domains => email.LastIndexOf('@') is var at and >= 0
            && AllowedDomains.Contains(email[(at + 1)..].Trim(), StringComparer.OrdinalIgnoreCase),
        _ => false,
    };
}
