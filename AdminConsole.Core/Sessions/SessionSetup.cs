using AdminConsole.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Sessions;

/// <summary>Server-side sessions and their lifetimes (<c>Session:*</c>).</summary>
public static class SessionSetup
{
    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<SessionLifetimeOptions, SessionLifetimeOptionsValidator>(SessionLifetimeOptions.Section);
        services.TryAddScoped<SessionStore>();
        services.TryAddSingleton<SessionSignal>();
        return builder;
    }
}
