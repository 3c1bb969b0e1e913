using AdminConsole.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Lockout;

/// <summary>The lockout policy (<c>Lockout:*</c>, editable from the console), its store, the device lane, and self-service unlock links (<c>Lockout:UnlockLinkLifetime</c>).</summary>
public static class LockoutSetup
{
    public static IHostApplicationBuilder AddLockout(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<LockoutPolicyOptions, LockoutOptionsValidator>(LockoutPolicyOptions.Section)
            .PostConfigure(o =>
            {
                if (o.Tiers.Count == 0)
                {
                    o.Tiers = LockoutPolicyOptions.DefaultTiers();
                }
            });
        services.AddEditablePolicy<LockoutPolicyOptions>(LockoutPolicyOptions.Section);
        services.AddValidatedOptions<UnlockLinkOptions, UnlockLinkOptionsValidator>(UnlockLinkOptions.Section);
        services.TryAddSingleton<UnlockLinks>();
        services.TryAddSingleton<LockoutPolicy>();
        services.TryAddSingleton<DeviceLanePolicy>();
        services.TryAddScoped<LockoutStore>();
        services.TryAddScoped<KnownDeviceStore>();
        return builder;
    }
}
