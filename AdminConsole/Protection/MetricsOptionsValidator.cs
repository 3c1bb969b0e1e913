using AdminConsole.Core;
using AdminConsole.Core.IpProtection;
using Microsoft.Extensions.Options;

namespace AdminConsole.Protection;

/// <summary>Every network allowed to read <c>/metrics</c> parses.</summary>
public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions o) => OptionsRules.Check(
        (o.AllowedNetworks.All(n => AddressParser.Parse(n).Succeeded),
            "Metrics:AllowedNetworks must list IP addresses or CIDR ranges, e.g. 127.0.0.0/8 or 10.0.0.0/24."));
}
