using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AdminConsole.Core.Data;
using AdminConsole.Core.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Core.IpProtection;

/// <summary>A deny rule that applies to an address now.</summary>
public sealed record AddressBlock(long RuleId, string Network, IpRuleSource Source, DateTimeOffset? Until);

/// <summary>
/// The address rules in memory, so a request from a blocked address costs no database read or write. Rules are
/// reloaded when they change on any instance (<see cref="ChangedAsync"/>) and every
/// <see cref="AddressRuleOptions.RefreshInterval"/> as a safety net; an expired rule stops applying on time because expiry is checked on every lookup. A lookup
/// hashes the address once per distinct prefix length in use, however many rules there are.
/// </summary>
public sealed class AddressRuleCache
{
    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<NetworkOptions> network;
    private readonly TimeProvider time;
    private readonly ILogger<AddressRuleCache> logger;
    private readonly IInstanceChannel? channel;
    private volatile Snapshot current;

    public AddressRuleCache(
        IServiceScopeFactory scopes,
        IOptions<NetworkOptions> network,
        TimeProvider time,
        ILogger<AddressRuleCache> logger,
        IInstanceChannel? channel = null)
    {
        this.scopes = scopes;
        this.network = network;
        this.time = time;
        this.logger = logger;
        this.channel = channel;
        current = Snapshot.Build([], network.Value.AllowList);
        channel?.Subscribe(InstanceTopics.AddressRules, (_, cancellationToken) => RefreshAsync(cancellationToken));
    }

    /// <summary>When the rules were last read from the database.</summary>
    public DateTimeOffset? LoadedAt { get; private set; }

    /// <summary>The deny rule that applies to <paramref name="address"/> now, if any.</summary>
    public AddressBlock? FindBlock(IPAddress address)
    {
        var snapshot = current;
        var bits = Bits.Of(ClientAddress.Canonical(address));
        var now = time.GetUtcNow();
        var allowed = snapshot.Allow.Matches(bits, now).Any();
        AddressBlock? block = null;
        foreach (var rule in snapshot.Deny.Matches(bits, now))
        {
            // An allow rule exempts from automatic blocks only; a manual deny still applies.
            if (rule.Source == IpRuleSource.Automatic && allowed)
            {
                continue;
            }

            if (block is null || Later(rule.ExpiresAt, block.Until))
            {
                block = new AddressBlock(rule.Id, rule.Network, rule.Source, rule.ExpiresAt);
            }
        }

        return block;
    }

    /// <summary>Whether the address is on the allow list (configuration or an active allow rule).</summary>
    public bool IsAllowListed(IPAddress address) =>
        current.Allow.Matches(Bits.Of(ClientAddress.Canonical(address)), time.GetUtcNow()).Any();

    /// <summary>
    /// A rule was added or ended: reloads here before returning, and tells the other instances to reload (within a
    /// second with Redis; at their next refresh otherwise).
    /// </summary>
    public Task ChangedAsync(CancellationToken cancellationToken) =>
        channel?.PublishAsync(InstanceTopics.AddressRules, "", cancellationToken) ?? RefreshAsync(cancellationToken);

    /// <summary>Reloads the active rules. On a database fault the previous rules stay in force (never fail open).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
            var now = time.GetUtcNow();
            var rules = await db.IpRules.AsNoTracking()
                .Where(r => r.EndedAt == null && (r.ExpiresAt == null || r.ExpiresAt > now))
                .ToListAsync(cancellationToken);
            current = Snapshot.Build(rules, network.Value.AllowList);
            LoadedAt = now;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AddressLog.RefreshFailed(logger, ex);
        }
    }

    private static bool Later(DateTimeOffset? candidate, DateTimeOffset? than) =>
        than is not null && (candidate is null || candidate > than);

    private sealed record Entry(long Id, string Network, IpRuleSource Source, DateTimeOffset? ExpiresAt);

    private sealed class Snapshot(Table deny, Table allow)
    {
        public Table Deny { get; } = deny;

        public Table Allow { get; } = allow;

        public static Snapshot Build(IEnumerable<IpRule> rules, IEnumerable<string> configuredAllow)
        {
            var deny = new Table();
            var allow = new Table();
            foreach (var rule in rules)
            {
                var parsed = AddressParser.Parse(rule.Network);
                if (parsed.Network is { } n)
                {
                    (rule.Kind == IpRuleKind.Deny ? deny : allow).Add(n, new Entry(rule.Id, rule.Network, rule.Source, rule.ExpiresAt));
                }
            }

            foreach (var entry in configuredAllow)
            {
                if (AddressParser.Parse(entry).Network is { } n)
                {
                    allow.Add(n, new Entry(0, AddressParser.Display(n), IpRuleSource.Manual, null));
                }
            }

            return new Snapshot(deny, allow);
        }
    }

    /// <summary>Rules keyed by (family, prefix length, masked bits).</summary>
    private sealed class Table
    {
        private readonly Dictionary<(bool V6, int Prefix, UInt128 Bits), List<Entry>> entries = [];
        private readonly SortedSet<int> v4Prefixes = [];
        private readonly SortedSet<int> v6Prefixes = [];

        public void Add(IPNetwork network, Entry entry)
        {
            var bits = Bits.Of(network.BaseAddress);
            (bits.V6 ? v6Prefixes : v4Prefixes).Add(network.PrefixLength);
            var key = (bits.V6, network.PrefixLength, bits.Value);
            if (!entries.TryGetValue(key, out var list))
            {
                entries[key] = list = [];
            }

            list.Add(entry);
        }

        public IEnumerable<Entry> Matches(Bits address, DateTimeOffset now)
        {
            foreach (var prefix in address.V6 ? v6Prefixes : v4Prefixes)
            {
                if (entries.TryGetValue((address.V6, prefix, address.Masked(prefix)), out var list))
                {
                    foreach (var entry in list)
                    {
                        if (entry.ExpiresAt is null || entry.ExpiresAt > now)
                        {
                            yield return entry;
                        }
                    }
                }
            }
        }
    }

    private readonly record struct Bits(bool V6, UInt128 Value)
    {
        public static Bits Of(IPAddress address)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out var written);
            return address.AddressFamily == AddressFamily.InterNetworkV6
                ? new Bits(true, BinaryPrimitives.ReadUInt128BigEndian(bytes))
                : new Bits(false, BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]));
        }

        public UInt128 Masked(int prefix)
        {
            var width = V6 ? 128 : 32;
            return prefix == 0 ? UInt128.Zero : Value & (UInt128.MaxValue << (width - prefix));
        }
    }
}
