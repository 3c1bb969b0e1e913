using System.Text.Json;
using AdminConsole.Core.Data;
using AdminConsole.Core.Health;
using AdminConsole.Core.Instances;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using AdminConsole.Core;

namespace AdminConsole.Protection;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the database answers, the mail outbox drains and,
/// when configured, Redis answers. 200 or 503 (Unhealthy); Degraded, which Redis down is, answers 200 with status
/// <c>Degraded</c>, since sign-in goes on. The name of each check and its status for everyone; details (descriptions,
/// figures) only for console roles.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The tag of the checks <c>/health/ready</c> and the <c>healthcheck</c> command run.</summary>
    public const string Ready = "ready";

    public static IServiceCollection AddAdminConsoleHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<HealthOptions, HealthOptionsValidator>(HealthOptions.Section);
        services.AddHealthChecks()
            .AddDbContextCheck<SecurityDbContext>("database", tags: [Ready])
            .AddCheck<OutboxHealthCheck>("mail-outbox", tags: [Ready]);
        if (InstanceChannelSetup.IsRedisConfigured(configuration))
        {
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [Ready]);
        }

        return services;
    }

    public static IEndpointRouteBuilder MapAdminConsoleHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        var details = AdminConsole.Components.Account.SessionCookies.IsConsoleRole(http.User);
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = details ? e.Value.Description : null,
                data = details ? e.Value.Data : null,
            }),
        }, JsonSerializerOptions.Web));
    }
}
