using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AdminConsole.Core.Data;
using AdminConsole.Core.Instances;
using AdminConsole.Core.Location;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Core.IpProtection;

/// <summary>A deny rule that applies to an address now.</summary>
public sealed record AddressBlock(long RuleId, string Network, IpRuleSource Source, DateTimeOffset? Until);

/// <summary>
/// The address rules in memory, so a request from a blocked address costs no database read or write. Rules are
/// reloaded when they change on any instance (<see cref="ChangedAsync"/>) and every
/// <see cref="AddressRuleOptions.RefreshInterval"/> as a safety net; an expired rule stops applying on time because expiry is checked on every lookup. A lookup
/// hashes the address once per distinct prefix length in use, however many rules there are. Country rules apply to the
/// country <see cref="GeoLocator"/> places the address in, looked up only while a country rule is in force.
/// </summary>
public sealed class AddressRuleCache
{
    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<NetworkOptions> network;
    private readonly TimeProvider time;
    private readonly ILogger<AddressRuleCache> logger;
    private readonly IInstanceChannel? channel;
    private readonly GeoLocator? locator;
    private volatile Snapshot current;

    public AddressRuleCache(
        IServiceScopeFactory scopes,
        IOptions<NetworkOptions> network,
        TimeProvider time,
        ILogger<AddressRuleCache> logger,
        IInstanceChannel? channel = null,
        GeoLocator? locator = null)
    {
        this.locator = locator;
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
        var country = CountryOf(snapshot, address);
        var addressAllowed = snapshot.Allow.Matches(bits, now).Any();
        AddressBlock? block = null;
        foreach (var rule in snapshot.Deny.Matches(bits, now))
        {
            // An allow rule exempts from automatic blocks only; a manual deny still applies.
            if (rule.Source == IpRuleSource.Automatic && addressAllowed)
            {
                continue;
            }

            if (block is null || Later(rule.ExpiresAt, block.Until))
            {
                block = new AddressBlock(rule.Id, rule.Network, rule.Source, rule.ExpiresAt);
            }
        }

        // A denied country is refused like a denied address, unless the address itself is allowed: an allow rule for
        // one address or range is narrower than a whole country.
        if (block is null && !addressAllowed && country is not null && Active(snapshot.CountryDeny, country, now) is { } denied)
        {
            block = new AddressBlock(denied.Id, denied.Network, denied.Source, denied.ExpiresAt);
        }

        // Allowed countries are a list of the only countries let in, not an exemption: while one is in force, a
        // placed address from any other country is refused like a denied one. An allowed country is still counted,
        // challenged and blocked like any address (a whole country is far wider than the widest address rule).
        if (block is null && !addressAllowed && country is not null && Active(snapshot.CountryAllow, country, now) is null
            && snapshot.CountryAllow.Values.SelectMany(e => e).FirstOrDefault(e => e.ExpiresAt is null || e.ExpiresAt > now) is { } onlyAllowed)
        {
            block = new AddressBlock(onlyAllowed.Id, "not an allowed country", onlyAllowed.Source, null);
        }

        return block;
    }

    /// <summary>Whether the address is on the allow list (configuration, or an active allow rule for an address or range).</summary>
    public bool IsAllowListed(IPAddress address) => current.Allow.Matches(Bits.Of(ClientAddress.Canonical(address)), time.GetUtcNow()).Any();

    /// <summary>The address's country, looked up only while some country rule is in force.</summary>
    private string? CountryOf(Snapshot snapshot, IPAddress address) =>
        snapshot.HasCountryRules ? locator?.Locate(address).Country : null;

    private static Entry? Active(Dictionary<string, List<Entry>> rules, string country, DateTimeOffset now) =>
        rules.TryGetValue(country, out var entries) ? entries.FirstOrDefault(e => e.ExpiresAt is null || e.ExpiresAt > now) : null;

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

        public Dictionary<string, List<Entry>> CountryDeny { get; } = [];

        public Dictionary<string, List<Entry>> CountryAllow { get; } = [];

        public bool HasCountryRules => CountryDeny.Count > 0 || CountryAllow.Count > 0;

        public static Snapshot Build(IEnumerable<IpRule> rules, IEnumerable<string> configuredAllow)
        {
            var deny = new Table();
            var allow = new Table();
            var snapshot = new Snapshot(deny, allow);
            foreach (var rule in rules)
            {
                if (rule.Country is { } country)
                {
                    var byCountry = rule.Kind == IpRuleKind.Deny ? snapshot.CountryDeny : snapshot.CountryAllow;
                    if (!byCountry.TryGetValue(country, out var list))
                    {
                        byCountry[country] = list = [];
                    }

                    list.Add(new Entry(rule.Id, rule.Network, rule.Source, rule.ExpiresAt));
                    continue;
                }

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

            return snapshot;
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
