namespace AdminConsole.Core.Identity;

/// <summary>Domains mode needs domains, and each must be a bare domain name.</summary>
public sealed class RegistrationOptionsValidator : IValidateOptions<RegistrationOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistrationOptions o)
    {
        var bad = o.AllowedDomains.FindIndex(d => !IsDomain(d));
        return OptionsRules.Check(
            (Enum.IsDefined(o.Mode), "Registration:Mode must be Open, Domains or InviteOnly."),
            (o.Mode != RegistrationMode.Domains || o.AllowedDomains.Count > 0,
                "Registration:AllowedDomains needs at least one domain (Registration:AllowedDomains:0 = example.com) when Registration:Mode is Domains."),
            (bad < 0, $"Registration:AllowedDomains:{bad} must be a domain name such as example.com, without @ or a scheme."));
    }

    private static bool IsDomain(string? domain) =>
        !string.IsNullOrWhiteSpace(domain) && Uri.CheckHostName(domain.Trim()) == UriHostNameType.Dns && domain.Contains('.', StringComparison.Ordinal);
}
