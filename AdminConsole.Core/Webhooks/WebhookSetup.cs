using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Webhooks;

/// <summary>Webhooks (<c>Webhooks:*</c>): endpoints, their secrets, the guarded HTTP client and the outbox sender.</summary>
public static class WebhookSetup
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<WebhookOptions, WebhookOptionsValidator>(WebhookOptions.Section);
        services.TryAddSingleton<WebhookSignal>();
        services.TryAddSingleton<WebhookTargets>();
        services.TryAddSingleton<WebhookSecrets>();
        services.TryAddScoped<WebhookService>();
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<WebhookTargets>().CreateHandler());
        services.AddHostedService<WebhookSender>();
        return builder;
    }
}
