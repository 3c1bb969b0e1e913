using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Attempts;

/// <summary>Reading sign-in attempts (<c>SignIn/LoginAttemptRecorder.cs</c> writes them), and deleting old history (<c>Retention:*</c>).</summary>
public static class AttemptSetup
{
    public static IHostApplicationBuilder AddAttempts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<RetentionOptions, RetentionOptionsValidator>(RetentionOptions.Section);
        services.TryAddScoped<AddressPseudonyms>();
        services.TryAddScoped<AttemptQueries>();
        services.TryAddSingleton<AttemptRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<AttemptRetention>());
        return builder;
    }
}
