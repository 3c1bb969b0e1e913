using System.Collections.Concurrent;

namespace AdminConsole.Core.Instances;

/// <summary>
/// The channel of one process: a publish runs the handlers subscribed here, in order, and waits for them. A failing
/// handler is logged and does not stop the others or the publisher (the change it announces is already committed).
/// </summary>
public sealed partial class InProcessChannel(ILogger<InProcessChannel> logger) : IInstanceChannel
{
    private readonly ConcurrentDictionary<string, ImmutableHandlers> handlers = new(StringComparer.Ordinal);

    public async Task PublishAsync(string topic, string message, CancellationToken cancellationToken)
    {
        if (!handlers.TryGetValue(topic, out var subscribed))
        {
            return;
        }

        foreach (var handler in subscribed.All)
        {
            try
            {
                await handler(message, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogHandlerFailed(topic, e);
            }
        }
    }

    public void Subscribe(string topic, Func<string, CancellationToken, Task> handler) =>
        handlers.AddOrUpdate(topic, _ => new ImmutableHandlers([handler]), (_, existing) => new ImmutableHandlers([.. existing.All, handler]));

    [LoggerMessage(EventId = 4001, EventName = "InstanceMessageHandlerFailed", Level = LogLevel.Error,
        Message = "A handler of instance messages on {Topic} failed; the periodic refresh will catch up")]
    private partial void LogHandlerFailed(string topic, Exception exception);

    private sealed record ImmutableHandlers(Func<string, CancellationToken, Task>[] All);
}
