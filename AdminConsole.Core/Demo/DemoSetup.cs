using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Demo;

/// <summary>Demo data for the <c>demo</c> command.</summary>
public static class DemoSetup
{
    public static IHostApplicationBuilder AddDemoData(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddScoped<DemoDataGenerator>();
        return builder;
    }
}
