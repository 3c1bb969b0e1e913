using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Attempts;

/// <summary>Recording and reading sign-in attempts, and deleting old history (<c>Retention:*</c>).</summary>
public static class AttemptSetup
{
    public static IHostApplicationBuilder AddAttempts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<RetentionOptions, RetentionOptionsValidator>(RetentionOptions.Section);
        services.TryAddScoped<LoginAttemptRecorder>();
        services.TryAddScoped<AddressPseudonyms>();
        services.TryAddScoped<AttemptQueries>();
        services.TryAddSingleton<AttemptRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<AttemptRetention>());
        return builder;
    }
}
