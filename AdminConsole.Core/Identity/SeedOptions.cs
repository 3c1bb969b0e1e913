namespace AdminConsole.Core.Identity;

/// <summary>
/// <c>Seed:*</c>: accounts created at start-up when missing. Development sets them in the root
/// <c>appsettings.Development.json</c>; elsewhere nothing is seeded unless set by environment or command line.
/// </summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    public SeedUser? Admin { get; set; }

    public List<SeedUser> Users { get; set; } = [];
}

public sealed class SeedUser
{
    public string Email { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>Optional role: SecurityAdmin or SecurityViewer.</summary>
    public string? Role { get; set; }

    /// <summary>
    /// Optional base32 authenticator key: the account gets two-factor authentication with this key, so a tester can
    /// compute codes (<c>oathtool --totp -b KEY</c>). Development and tests only.
    /// </summary>
    public string? AuthenticatorKey { get; set; }
}
