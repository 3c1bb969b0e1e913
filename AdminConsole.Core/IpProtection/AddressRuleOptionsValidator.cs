namespace AdminConsole.Core.IpProtection;

/// <summary>The widest prefix an admin may block fits the address family; the cache refreshes at a positive interval.</summary>
public sealed class AddressRuleOptionsValidator : IValidateOptions<AddressRuleOptions>
{
    public ValidateOptionsResult Validate(string? name, AddressRuleOptions o) => OptionsRules.Check(
        (o.WidestIPv4Prefix is >= 0 and <= 32, "AddressRules:WidestIPv4Prefix must be from 0 to 32."),
        (o.WidestIPv6Prefix is >= 0 and <= 128, "AddressRules:WidestIPv6Prefix must be from 0 to 128."),
        (o.RefreshInterval > TimeSpan.Zero, "AddressRules:RefreshInterval must be positive."));
}
