using System.Collections.Concurrent;
using AdminConsole.Core.Data;
using AdminConsole.Core.Instances;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace AdminConsole.Core.Policy;

/// <summary>
/// The stored policy sections held in memory. A change signals the options system, so every
/// <see cref="IOptionsMonitor{TOptions}"/> of that section sees the new values on its next read: saved here at
/// once, on other instances as soon as they hear of it (<see cref="ChangedAsync"/>) or at their next refresh. On a database fault the values already held stay in force.
/// </summary>
public sealed partial class PolicyStore
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> watchers = new();
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<PolicyStore> log;
    private readonly IInstanceChannel channel;
    private volatile IReadOnlyDictionary<string, PolicySetting> settings = new Dictionary<string, PolicySetting>();

    public PolicyStore(IServiceScopeFactory scopes, ILogger<PolicyStore> log, IInstanceChannel channel)
    {
        this.scopes = scopes;
        this.log = log;
        this.channel = channel;
        channel.Subscribe(InstanceTopics.Policy, (_, cancellationToken) => RefreshAsync(cancellationToken));
    }

    public PolicySetting? Get(string section) => settings.GetValueOrDefault(section);

    public IChangeToken Watch(string section) => new CancellationChangeToken(watchers.GetOrAdd(section, _ => new()).Token);

    /// <summary>A stored section changed: reloads here before returning, and tells the other instances to reload.</summary>
    public Task ChangedAsync(CancellationToken cancellationToken) => channel.PublishAsync(InstanceTopics.Policy, "", cancellationToken);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, PolicySetting> loaded;
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
            loaded = await db.PolicySettings.AsNoTracking().ToDictionaryAsync(s => s.Section, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRefreshFailed(e);
            return;
        }

        var before = settings;
        settings = loaded;
        foreach (var section in before.Keys.Union(loaded.Keys))
        {
            if (before.GetValueOrDefault(section)?.Json != loaded.GetValueOrDefault(section)?.Json
                && watchers.TryRemove(section, out var watcher))
            {
                watcher.Cancel();
                watcher.Dispose();
            }
        }
    }

    [LoggerMessage(EventId = 4102, EventName = "PolicyRefreshFailed", Level = LogLevel.Warning,
        Message = "Could not re-read the stored policy; the policy in force is kept.")]
    private partial void LogRefreshFailed(Exception exception);
}
