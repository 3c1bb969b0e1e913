using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Telemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using AdminConsole.Core;

namespace AdminConsole.Protection;

/// <summary><c>Metrics:*</c>: who may read <c>/metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Addresses or CIDR ranges whose requests to <c>/metrics</c> are answered. Empty: loopback only.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    public static readonly IReadOnlyList<string> DefaultNetworks = ["127.0.0.0/8", "::1"];

    /// <summary>The parsed networks (configuration, or the loopback default); validation has refused anything else.</summary>
    public IReadOnlyList<System.Net.IPNetwork> Networks() =>
        (AllowedNetworks.Count == 0 ? DefaultNetworks : AllowedNetworks).Select(n => AddressParser.Parse(n).Network!.Value).ToList();
}

/// <summary>
/// OpenTelemetry: the <c>AdminConsole</c> meter (<see cref="SecurityMetrics"/>) with ASP.NET Core, HttpClient,
/// EF Core and Redis instrumentation for metrics and traces. Prometheus reads <c>/metrics</c> from the networks in
/// <see cref="MetricsOptions.AllowedNetworks"/> (anyone else gets 404, as if there were no such page); OTLP export
/// starts only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static class Telemetry
{
    public const string ScrapePath = "/metrics";

    public static WebApplicationBuilder AddAdminConsoleTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MetricsOptions, MetricsOptionsValidator>(MetricsOptions.Section);

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("AdminConsole"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SecurityMetrics.MeterName, "Microsoft.EntityFrameworkCore")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                // Metrics scrapes and health probes would drown the traces that matter.
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = http =>
                        !http.Request.Path.StartsWithSegments(ScrapePath) && !http.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation()

                    // Resolves IConnectionMultiplexer from the services when one is registered (ConnectionStrings:Redis);
                    // without Redis it instruments nothing and does not fail.
                    .AddRedisInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return builder;
    }

    /// <summary>
    /// Serves <c>/metrics</c> to allowed peers only. It runs after the trusted forwarded headers, so behind a
    /// trusted proxy the client's address decides, not the proxy's; others fall through to the not-found page.
    /// </summary>
    public static WebApplication UseAdminConsoleMetrics(this WebApplication app)
    {
        var networks = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value.Networks();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http =>
            http.Request.Path == ScrapePath
            && http.Connection.RemoteIpAddress is { } peer
            && networks.Any(n => n.Contains(ClientAddress.Canonical(peer))));
        return app;
    }
}
