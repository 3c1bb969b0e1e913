using System.Collections.Concurrent;
using System.Net;

namespace AdminConsole.Core.IpProtection;

/// <summary>A socket address that sent <c>X-Forwarded-For</c> without being a trusted proxy, and when it was last seen.</summary>
public sealed record UntrustedForwarder(string Address, DateTimeOffset LastSeen, long Requests);

/// <summary>
/// Remembers peers that send forwarded headers without being trusted. Usually a proxy in front of the app with
/// <c>Network:TrustedProxies</c> unset, so every client looks like the proxy; sometimes a client trying to spoof its
/// address (the header is ignored either way). The dashboard and the Policy page show it. Bounded in memory.
/// </summary>
public sealed class ForwardedHeaderWarning(TimeProvider time)
{
    /// <summary>How many distinct peers are remembered; more are counted into the ones already held.</summary>
    public const int Capacity = 16;

    /// <summary>Peers not seen for this long are no longer reported.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, Entry> peers = new();

    public void Record(IPAddress peer)
    {
        var key = ClientAddress.Canonical(peer).ToString();
        var now = time.GetUtcNow();
        if (!peers.TryGetValue(key, out var entry))
        {
            if (peers.Count >= Capacity)
            {
                foreach (var stale in peers.Where(p => p.Value.LastSeen < now - Horizon))
                {
                    peers.TryRemove(stale);
                }

                if (peers.Count >= Capacity)
                {
                    return;
                }
            }

            entry = peers.GetOrAdd(key, _ => new Entry());
        }

        entry.Touch(now);
    }

    /// <summary>Peers seen within <see cref="Horizon"/>, most recent first.</summary>
    public IReadOnlyList<UntrustedForwarder> Recent()
    {
        var since = time.GetUtcNow() - Horizon;
        return [.. peers
            .Select(p => new UntrustedForwarder(p.Key, p.Value.LastSeen, p.Value.Requests))
            .Where(p => p.LastSeen >= since)
            .OrderByDescending(p => p.LastSeen)];
    }

    private sealed class Entry
    {
        private long requests;
        private long lastSeenTicks;

        public long Requests => Interlocked.Read(ref requests);

        public DateTimeOffset LastSeen => new(Interlocked.Read(ref lastSeenTicks), TimeSpan.Zero);

        public void Touch(DateTimeOffset now)
        {
            Interlocked.Increment(ref requests);
            Interlocked.Exchange(ref lastSeenTicks, now.UtcTicks);
        }
    }
}
