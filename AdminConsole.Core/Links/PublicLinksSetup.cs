using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Links;

/// <summary>Links in mail and passkeys come from <c>App:PublicBaseUrl</c>, never from a request's Host header.</summary>
public static class PublicLinksSetup
{
    public static IHostApplicationBuilder AddPublicLinks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PublicUrlOptions, PublicUrlOptionsValidator>(PublicUrlOptions.Section)
            .PostConfigure(o =>
            {
                // Only Development has a default; elsewhere a missing base URL stops the start (PublicUrlOptionsValidator).
                if (builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(o.PublicBaseUrl))
                {
                    o.PublicBaseUrl = PublicUrlOptions.DevelopmentDefault;
                }
            });
        builder.Services.TryAddSingleton<PublicLinks>();
        return builder;
    }
}
