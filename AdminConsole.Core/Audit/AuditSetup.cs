using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Audit;

/// <summary>The audit log's reads and the re-check of every console action against the database.</summary>
public static class AuditSetup
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddScoped<ConsoleAuthorization>();
        builder.Services.TryAddScoped<AuditQueries>();
        return builder;
    }
}
