namespace AdminConsole.Core.Instances;

/// <summary>
/// Tells every instance of the deployment that something changed (an address rule, the policy, ended sessions, a
/// notification), so each applies it at once instead of at its next periodic refresh. A publish runs this instance's
/// handlers first and then reaches the others (<see cref="RedisInstanceChannel"/>); with one instance
/// (<see cref="InProcessChannel"/>) this instance is all there is. Delivery to other instances is best effort: the
/// periodic refreshes stay as the safety net, and nothing durable travels here.
/// </summary>
public interface IInstanceChannel
{
    /// <summary>Runs this instance's handlers of <paramref name="topic"/>, then tells the other instances. Never throws.</summary>
    Task PublishAsync(string topic, string message, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="handler"/> for every message of <paramref name="topic"/>, from any instance.</summary>
    void Subscribe(string topic, Func<string, CancellationToken, Task> handler);
}

/// <summary>The topics instances tell each other about.</summary>
public static class InstanceTopics
{
    public const string AddressRules = "address-rules";
    public const string Policy = "policy";
    public const string SessionsEnded = "sessions-ended";
    public const string Notification = "notification";
    public const string NotificationsRead = "notifications-read";
}
