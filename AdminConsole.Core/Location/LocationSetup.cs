using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Location;

/// <summary>Where sign-ins come from (<c>Geo:*</c>): the address databases, read once at start.</summary>
public static class LocationSetup
{
    public static IHostApplicationBuilder AddLocation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<GeoOptions, GeoOptionsValidator>(GeoOptions.Section);
        builder.Services.TryAddSingleton<GeoLocator>();
        builder.Services.TryAddScoped<LocationSignals>();
        return builder;
    }
}
