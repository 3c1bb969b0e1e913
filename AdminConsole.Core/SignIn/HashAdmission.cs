using System.Threading.RateLimiting;
using AdminConsole.Core.IpProtection;
using Microsoft.AspNetCore.Http;

using AdminConsole.Core.Identity;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.SignIn;

/// <summary>
/// Who may start a password hash now. A 2-core machine verifies about 40 passwords a second; wrong passwords from
/// fresh addresses or for unknown names each spend one, so without a bound an attack queues sign-ins without end.
/// Three lanes, each a chain of System.Threading.RateLimiting limiters taken in order:
/// <list type="bullet">
/// <item>Strangers: one hash at a time per address (one more waiting), then a shared pool of
/// <see cref="AdmissionOptions.ConcurrentHashes"/> slots and a short queue, newest first. Whoever is pushed out of
/// it is answered at once: busy.</item>
/// <item>Solved: a stranger whose try carries a solved <see cref="SignInPuzzle"/> (handed out with a busy answer).
/// One at a time per address, then a pool of its own, oldest first: a person on a new device gets ahead of a flood
/// that does not solve puzzles.</item>
/// <item>Known devices (<see cref="KnownDevices"/>): one at a time per account, then their own pool, so the owner of
/// an account gets in while strangers are turned away (as many at once as there are cores).</item>
/// <item>Exempt: allow-listed addresses (like rate limits) and calls without an HTTP request.</item>
/// </list>
/// Locked accounts are answered before this, with no hash. Both known and unknown names pass the same gate, so
/// admission reveals nothing about which names exist.
/// </summary>
public sealed class HashAdmission : IDisposable
{
    private readonly PartitionedRateLimiter<Ticket> limiter;
    private readonly AddressRuleCache rules;
    private readonly KnownDevices devices;
    private readonly SignInPuzzle puzzles;
    private readonly Telemetry.SecurityMetrics? metrics;

    public HashAdmission(IOptions<AdmissionOptions> options, AddressRuleCache rules, KnownDevices devices, SignInPuzzle puzzles, Telemetry.SecurityMetrics? metrics = null)
    {
        this.metrics = metrics;
        this.rules = rules;
        this.devices = devices;
        this.puzzles = puzzles;
        var o = options.Value;
        RetryAfter = o.RetryAfter;
        var slots = o.Slots;
        var queue = o.Queue;
        var perSubject = PartitionedRateLimiter.Create<Ticket, string>(t => t.Lane switch
        {
            Lane.Stranger => RateLimitPartition.GetConcurrencyLimiter("address " + t.Key, _ => Options(1, 1)),
            Lane.KnownDevice => RateLimitPartition.GetConcurrencyLimiter("account " + t.Key, _ => Options(1, 2)),
            Lane.Solved => RateLimitPartition.GetConcurrencyLimiter("solved " + t.Key, _ => Options(1, 1)),
            _ => RateLimitPartition.GetNoLimiter("exempt"),
        });
        var pool = PartitionedRateLimiter.Create<Ticket, Lane>(t => t.Lane switch
        {
            // Newest first: when the queue is full a new arrival pushes out the one that has waited longest (it is
            // answered busy at once), so under a flood every arrival keeps a chance instead of the queue being
            // held by whoever filled it first, and no one waits long.
            Lane.Stranger => RateLimitPartition.GetConcurrencyLimiter(Lane.Stranger, _ => Options(slots, queue, QueueProcessingOrder.NewestFirst)),
            Lane.KnownDevice => RateLimitPartition.GetConcurrencyLimiter(Lane.KnownDevice, _ => Options(Environment.ProcessorCount, 4 * queue)),
            Lane.Solved => RateLimitPartition.GetConcurrencyLimiter(Lane.Solved, _ => Options(slots, 4 * queue)),
            _ => RateLimitPartition.GetNoLimiter(Lane.Exempt),
        });
        limiter = PartitionedRateLimiter.CreateChained(perSubject, pool);
        metrics?.ObserveHashQueue(() =>
            from lane in new[] { Lane.Stranger, Lane.KnownDevice, Lane.Solved }
            select new System.Diagnostics.Metrics.Measurement<int>(
                (int)(pool.GetStatistics(new Ticket(lane, ""))?.CurrentQueuedCount ?? 0),
                new KeyValuePair<string, object?>("lane", lane.ToString())));
    }

    public enum Lane
    {
        Exempt,
        KnownDevice,
        Stranger,
        Solved,
    }

    /// <summary>What a turned-away caller is told to wait.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>The lane a sign-in for <paramref name="accountKey"/> takes.</summary>
    public Ticket TicketFor(HttpContext? http, string accountKey)
    {
        if (http?.Connection.RemoteIpAddress is not { } address || rules.IsAllowListed(address))
        {
            return new Ticket(Lane.Exempt, "");
        }

        if (devices.IsKnown(http, accountKey))
        {
            return new Ticket(Lane.KnownDevice, accountKey);
        }

        return new Ticket(puzzles.Enabled && puzzles.TryRedeem(ProofOf(http)) ? Lane.Solved : Lane.Stranger, ClientAddress.Key(address));
    }

    /// <summary>
    /// The answer for a try turned away: busy, with a fresh puzzle for a new device (known devices have their own
    /// lane and are not asked for work).
    /// </summary>
    public AppSignInResult Busy(Ticket ticket)
    {
        if (!puzzles.Enabled || ticket.Lane is Lane.Exempt or Lane.KnownDevice)
        {
            return AppSignInResult.Busy(RetryAfter);
        }

        puzzles.CountBusy();
        return AppSignInResult.Busy(RetryAfter, puzzles.Issue());
    }

    /// <summary>Whether a try can be challenged at all: puzzles are on (<see cref="AdmissionOptions.PuzzleDifficulty"/>).</summary>
    public bool Challenges => puzzles.Enabled;

    /// <summary>The answer for a try that must be solved first (<see cref="ChallengeOptions"/>): a fresh puzzle, nothing counted.</summary>
    public AppSignInResult Challenge() => AppSignInResult.Challenged(puzzles.Issue());

    /// <summary>The solved puzzle a try carries: the API's header, or the sign-in form's field once the form is read.</summary>
    private static string? ProofOf(HttpContext http) =>
        http.Request.Headers[Puzzle.HeaderName] is { Count: > 0 } header
            ? header[0]
            : http.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form?[Puzzle.FieldName].FirstOrDefault();

    /// <summary>Waits for a slot within the bounds; a lease that is not acquired means "busy, answer now".</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var lease = await limiter.AcquireAsync(ticket, 1, cancellationToken);
        if (!lease.IsAcquired)
        {
            metrics?.Shed(ticket.Lane.ToString());
        }

        return lease;
    }

    public void Dispose() => limiter.Dispose();

    private static ConcurrencyLimiterOptions Options(int permits, int queue, QueueProcessingOrder order = QueueProcessingOrder.OldestFirst) => new()
    {
        PermitLimit = permits,
        QueueLimit = queue,
        QueueProcessingOrder = order,
    };

    public readonly record struct Ticket(Lane Lane, string Key);
}
