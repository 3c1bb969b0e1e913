using AdminConsole.Core.Instances;

namespace AdminConsole.Core.Sessions;

/// <summary>
/// Raised after sessions are ended, so caches of open sessions drop them at once (the ticket cache): on this
/// instance before <see cref="EndedAsync"/> returns, and with Redis on every other instance within a second.
/// </summary>
public sealed class SessionSignal
{
    private readonly IInstanceChannel channel;

    public SessionSignal(IInstanceChannel channel)
    {
        this.channel = channel;
        channel.Subscribe(InstanceTopics.SessionsEnded, (_, _) =>
        {
            Ended?.Invoke();
            return Task.CompletedTask;
        });
    }

    public event Action? Ended;

    public Task EndedAsync(CancellationToken cancellationToken) => channel.PublishAsync(InstanceTopics.SessionsEnded, "", cancellationToken);
}
