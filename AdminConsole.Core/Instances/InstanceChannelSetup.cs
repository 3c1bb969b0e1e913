using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace AdminConsole.Core.Instances;

/// <summary>
/// Without <c>ConnectionStrings:Redis</c> the app is one instance: <see cref="InProcessChannel"/>. With it, one
/// <see cref="IConnectionMultiplexer"/> (a singleton others may use too) that never refuses to start when Redis is
/// down (<c>abortConnect=false</c>) and fails commands at once while disconnected instead of queueing them, so no
/// request waits for Redis; StackExchange.Redis reconnects by itself.
/// </summary>
public static class InstanceChannelSetup
{
    public const string ConnectionStringName = "Redis";

    public static bool IsRedisConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName));

    public static IHostApplicationBuilder AddInstances(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton<InProcessChannel>();
        if (!IsRedisConfigured(builder.Configuration))
        {
            services.TryAddSingleton<IInstanceChannel>(sp => sp.GetRequiredService<InProcessChannel>());
            return builder;
        }

        var options = ConfigurationOptions.Parse(builder.Configuration.GetConnectionString(ConnectionStringName)!);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= "AdminConsole";
        options.ReconnectRetryPolicy = new LinearRetry(1000); // sharing resumes about a second after Redis is back
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        services.TryAddSingleton<RedisInstanceChannel>();
        services.TryAddSingleton<IInstanceChannel>(sp => sp.GetRequiredService<RedisInstanceChannel>());
        services.AddHostedService<RedisAvailability>();
        return builder;
    }
}
