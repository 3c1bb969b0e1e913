using System.Text.Json;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace AdminConsole.Core.Instances;

/// <summary>
/// The channel between instances over Redis pub/sub: a publish runs this instance's handlers (so this instance never
/// waits for Redis), then goes out on one Redis channel; each instance runs the handlers of messages from the others
/// and ignores its own echo. While Redis is unreachable nothing goes out and the periodic refreshes carry changes;
/// StackExchange.Redis reconnects and restores the subscription by itself.
/// </summary>
public sealed partial class RedisInstanceChannel : IInstanceChannel, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("adminconsole:instances");

    private readonly IConnectionMultiplexer redis;
    private readonly InProcessChannel local;
    private readonly ILogger<RedisInstanceChannel> logger;
    private readonly CancellationToken stopping;
    private readonly Action<RedisChannel, RedisValue> onMessage;
    private readonly string origin = Guid.NewGuid().ToString("N");
    private volatile bool subscribed;

    public RedisInstanceChannel(IConnectionMultiplexer redis, InProcessChannel local, IHostApplicationLifetime lifetime, ILogger<RedisInstanceChannel> logger)
    {
        this.redis = redis;
        this.local = local;
        this.logger = logger;
        stopping = lifetime.ApplicationStopping;
        onMessage = OnMessage;
        redis.ConnectionRestored += OnConnectionRestored;
        TrySubscribe();
    }

    public async Task PublishAsync(string topic, string message, CancellationToken cancellationToken)
    {
        await local.PublishAsync(topic, message, cancellationToken);
        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            var envelope = JsonSerializer.Serialize(new Envelope(origin, topic, message));
            await redis.GetSubscriber().PublishAsync(Channel, envelope, CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogPublishFailed(topic, e);
        }
    }

    public void Subscribe(string topic, Func<string, CancellationToken, Task> handler) => local.Subscribe(topic, handler);

    public void Dispose() => redis.ConnectionRestored -= OnConnectionRestored;

    private void TrySubscribe()
    {
        try
        {
            // Removing first keeps one handler when an earlier attempt registered it before failing.
            var subscriber = redis.GetSubscriber();
            subscriber.Unsubscribe(Channel, onMessage, CommandFlags.FireAndForget);
            subscriber.Subscribe(Channel, onMessage);
            subscribed = true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogSubscribeFailed(e);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (!subscribed && e.ConnectionType == ConnectionType.Subscription)
        {
            TrySubscribe();
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue value)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(value.ToString());
        }
        catch (JsonException)
        {
            return;
        }

        if (envelope is null || envelope.Origin == origin)
        {
            return;
        }

        _ = local.PublishAsync(envelope.Topic, envelope.Message, stopping);
    }

    [LoggerMessage(EventId = 4002, EventName = "InstanceMessageNotSent", Level = LogLevel.Warning,
        Message = "A {Topic} change could not be sent to the other instances; they pick it up at their next refresh")]
    private partial void LogPublishFailed(string topic, Exception exception);

    [LoggerMessage(EventId = 4003, EventName = "InstanceChannelNotSubscribed", Level = LogLevel.Warning,
        Message = "Could not subscribe to the instance channel; retrying when Redis is back")]
    private partial void LogSubscribeFailed(Exception exception);

    private sealed record Envelope(string Origin, string Topic, string Message);
}
