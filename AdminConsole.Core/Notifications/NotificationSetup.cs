using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Notifications;

/// <summary>Admin notifications (<c>Notifications:*</c>): the effects of each security event, the hub, and the attack detector.</summary>
public static class NotificationSetup
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<NotificationOptions, NotificationOptionsValidator>(NotificationOptions.Section);
        services.TryAddSingleton<NotificationHub>();
        services.TryAddSingleton<SecurityEventEffects>();
        services.TryAddSingleton<Audit.ISecurityEventLog>(sp => sp.GetRequiredService<SecurityEventEffects>());
        services.TryAddScoped<NotificationQueries>();
        services.AddHostedService<AttackDetector>();
        return builder;
    }
}
