using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.IpProtection;

/// <summary>Trusted proxies and the allow list (<c>Network:*</c>), address blocking (editable), and admins' address rules.</summary>
public static class IpProtectionSetup
{
    public static IHostApplicationBuilder AddIpProtection(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<NetworkOptions, NetworkOptionsValidator>(NetworkOptions.Section);
        services.AddValidatedOptions<AddressBlockingOptions, AddressBlockingOptionsValidator>(AddressBlockingOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AddressBlockingOptions>, HoneypotNamesValidator>());
        services.AddEditablePolicy<AddressBlockingOptions>(AddressBlockingOptions.Section);
        services.AddValidatedOptions<AddressRuleOptions, AddressRuleOptionsValidator>(AddressRuleOptions.Section);
        services.TryAddSingleton<AddressRuleCache>();
        services.TryAddSingleton<TrustedProxies>();
        services.TryAddSingleton<ForwardedHeaderWarning>();
        services.TryAddSingleton<RejectionSummary>();
        services.TryAddScoped<AddressBlocker>();
        services.TryAddScoped<AddressRuleService>();
        services.AddHostedService<AddressProtectionWorker>();
        return builder;
    }
}
