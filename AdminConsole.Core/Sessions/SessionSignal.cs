using AdminConsole.Core.Data;
using AdminConsole.Core.Instances;

namespace AdminConsole.Core.Sessions;

/// <summary>
/// Raised after sessions end or a user's access changes (a lock, disabling, a role granted or removed), once it is
/// committed: caches of open sessions drop them (the ticket cache), and open console circuits check their user
/// again at once instead of at their next revalidation. On this instance the handlers run before the publish
/// returns; with Redis, every other instance hears it within a second.
/// </summary>
public sealed class SessionSignal
{
    private readonly IInstanceChannel channel;
    private readonly AfterCommit afterCommit;

    public SessionSignal(IInstanceChannel channel, AfterCommit afterCommit)
    {
        this.channel = channel;
        this.afterCommit = afterCommit;
        channel.Subscribe(InstanceTopics.SessionsEnded, (_, _) =>
        {
            Ended?.Invoke();
            return Task.CompletedTask;
        });
    }

    public event Action? Ended;

    /// <summary>Tells everyone now, or once <paramref name="db"/>'s open transaction commits (never, if it rolls back).</summary>
    public Task EndedAsync(DbContext db) =>
        afterCommit.RunAsync(db, () => channel.PublishAsync(InstanceTopics.SessionsEnded, "", CancellationToken.None));
}
