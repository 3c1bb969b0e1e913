using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Reports;

/// <summary>Activity reports and the weekly digest (<c>Reports:WeeklyDigest:*</c>).</summary>
public static class ReportSetup
{
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<WeeklyDigestOptions, WeeklyDigestOptionsValidator>(WeeklyDigestOptions.Section);
        services.TryAddScoped<ActivityReports>();
        services.TryAddSingleton<WeeklyDigestSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WeeklyDigestSender>());
        return builder;
    }
}
