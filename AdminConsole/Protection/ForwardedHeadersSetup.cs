using AdminConsole.Core.IpProtection;
using Microsoft.AspNetCore.HttpOverrides;

namespace AdminConsole.Protection;

/// <summary>
/// Step 1 of the pipeline, who is asking (ASVS 15.3.4). ASP.NET Core's forwarded-headers
/// middleware checks the sender only while it knows at least one proxy, so with none configured it is not run at all:
/// no request's <c>X-Forwarded-For</c> or <c>X-Forwarded-Proto</c> is applied. With proxies, only their hops are walked.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public static IServiceCollection AddTrustedForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<TrustedProxies>((options, proxies) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            options.ForwardLimit = null;
            foreach (var proxy in proxies.Networks)
            {
                options.KnownIPNetworks.Add(proxy);
            }
        });
        return services;
    }

    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app)
    {
        var proxies = app.ApplicationServices.GetRequiredService<TrustedProxies>();
        var warning = app.ApplicationServices.GetRequiredService<ForwardedHeaderWarning>();
        app.Use((context, next) =>
        {
            // A peer that forwards without being trusted: a proxy missing from Network:TrustedProxies (every client
            // then looks like the proxy), or a client trying to choose its own address. Either way the header is
            // ignored; the console says so.
            if (context.Connection.RemoteIpAddress is { } peer
                && context.Request.Headers.ContainsKey(ForwardedHeadersDefaults.XForwardedForHeaderName)
                && !proxies.Contains(peer))
            {
                warning.Record(peer);
            }

            return next(context);
        });
        if (proxies.Any)
        {
            app.UseForwardedHeaders();
        }

        if (!app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment())
        {
            // Secure cookies sent over plain HTTP never come back: say so instead of failing on antiforgery. Probes
            // and the metrics scraper reach the instance directly over plain HTTP.
            app.Use((context, next) => context.Request.IsHttps || ProtectionResponses.IsApi(context) || context.Request.Path.StartsWithSegments("/health")
                || context.Request.Path.StartsWithSegments(Telemetry.ScrapePath)
                ? next(context)
                : ProtectionResponses.HttpsRequiredAsync(context));
        }

        return app;
    }
}
