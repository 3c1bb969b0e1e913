using System.Diagnostics;
using AdminConsole.Core.Data;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Core.Policy;

/// <summary>
/// Replays an edited lockout and address-blocking policy over the stored attempts of a range, next to the policy in
/// force replayed the same way, before anyone saves it (<see cref="PolicyReplay"/>). The attempts are read once, in
/// time order, untracked, with compact state per name, device and address, so a million attempts take seconds; the
/// caller runs it off the request path and may cancel it.
/// </summary>
public sealed class PolicyRehearsal(
    SecurityDbContext db,
    AddressBlocker addresses,
    TrustedProxies proxies,
    IOptionsMonitor<LockoutPolicyOptions> lockout,
    IOptionsMonitor<AddressBlockingOptions> blocking,
    IOptionsMonitor<SignIn.RiskOptions> risk,
    IServiceProvider services,
    TimeProvider time)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    /// <summary>The policy in force, as the replay reads it.</summary>
    public RehearsalPolicy Current() => new(lockout.CurrentValue, blocking.CurrentValue, risk.CurrentValue);

    /// <summary>The same checks as saving (and as configuration at start); the messages name the keys.</summary>
    public IReadOnlyList<string> Validate(RehearsalPolicy candidate) =>
        Errors(candidate.Lockout).Concat(Errors(candidate.Blocking)).Concat(candidate.Risk is { } r ? Errors(r) : []).Distinct().ToList();

    /// <summary>The range of the last <paramref name="days"/> days up to now.</summary>
    public (DateTimeOffset From, DateTimeOffset To) LastDays(int days)
    {
        var now = time.GetUtcNow();
        return (now.AddDays(-Math.Clamp(days, 1, MaxDays)), now);
    }

    /// <summary>
    /// Replays both policies over the attempts in [<paramref name="from"/>, <paramref name="to"/>). Reports progress
    /// in percent of the attempts read. Throws <see cref="ArgumentException"/> for an invalid policy or range.
    /// </summary>
    public async Task<RehearsalResult> RunAsync(
        RehearsalPolicy candidate, DateTimeOffset from, DateTimeOffset to, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        if (Validate(candidate) is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join("\n", errors), nameof(candidate));
        }

        if (to <= from || to - from > TimeSpan.FromDays(MaxDays))
        {
            throw new ArgumentException($"The range must end after it starts and span at most {MaxDays} days.", nameof(to));
        }

        var clock = Stopwatch.StartNew();
        var current = Current();
        var relevant = PolicyReplay.Relevant;
        var inRange = db.LoginAttempts.AsNoTracking().Where(a => a.At >= from && a.At < to && relevant.Contains(a.Outcome));
        var total = await inRange.LongCountAsync(cancellationToken);

        var devices = await DevicesOnRecordAsync(cancellationToken);
        bool OnRecord(string account, string agent, DateTimeOffset at) =>
            devices.TryGetValue((account, agent), out var spans) && spans.Exists(s => s.Created < at && (s.Revoked is null || s.Revoked > at));
        var keys = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? KeyOf(string address)
        {
            if (!keys.TryGetValue(address, out var key))
            {
                keys[address] = key = addresses.KeyFor(address);
            }

            return key;
        }

        var replays = new[] { current, candidate }
            .Select(p => new PolicyReplay(p.Lockout, p.Blocking, KeyOf, proxies.ContainsKey, OnRecord))
            .ToArray();
        long read = 0;
        var reported = -1;
        progress?.Report(0);
        await foreach (var attempt in StreamAsync(inRange, cancellationToken))
        {
            foreach (var replay in replays)
            {
                replay.Apply(attempt);
            }

            if (++read % 4096 == 0 && total > 0 && (int)(read * 100 / total) is var percent && percent != reported)
            {
                progress?.Report(reported = percent);
            }
        }

        // The step-up threshold needs no replay: each password sign-in stored the score it had before its hash.
        var scored = db.LoginAttempts.AsNoTracking().Where(a => a.At >= from && a.At < to && a.RiskScore != null);
        var currentAbove = (current.Risk ?? risk.CurrentValue).StepUpAbove;
        var candidateAbove = (candidate.Risk ?? risk.CurrentValue).StepUpAbove;
        var steppedUpNow = await scored.CountAsync(a => a.RiskScore > currentAbove, cancellationToken);
        var steppedUpThen = candidateAbove == currentAbove ? steppedUpNow : await scored.CountAsync(a => a.RiskScore > candidateAbove, cancellationToken);
        progress?.Report(100);
        return new RehearsalResult(
            from, to, read, replays[0].Outcome() with { SignInsSteppedUp = steppedUpNow }, replays[1].Outcome() with { SignInsSteppedUp = steppedUpThen }, clock.Elapsed);
    }

    /// <summary>
    /// The attempts in time order, untracked. EF Core builds the command (provider, converters, parameters); the rows
    /// are read straight from its reader into <see cref="ReplayAttempt"/> values, which at a million rows is several
    /// times faster than materialising a projection per row.
    /// </summary>
    private static async IAsyncEnumerable<ReplayAttempt> StreamAsync(IQueryable<Attempts.LoginAttempt> inRange, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = inRange.OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new { a.At, a.UserName, IsAccount = a.UserId != null, a.Address, a.UserAgent, a.Outcome })
            .CreateDbCommand();
        var connection = command.Connection!;
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
            var outcomes = Enum.GetValues<Attempts.LoginOutcome>().ToDictionary(o => o.ToString(), StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                var at = reader.GetValue(0) switch
                {
                    long ticks => new DateTimeOffset(ticks, TimeSpan.Zero),
                    DateTimeOffset value => value,
                    var other => new DateTimeOffset(Convert.ToDateTime(other, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero),
                };
                yield return new ReplayAttempt(
                    at,
                    reader.GetString(1),
                    Convert.ToBoolean(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    outcomes[reader.GetString(5)]);
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>Devices on record per (account, user agent): when each was created and revoked.</summary>
    private async Task<Dictionary<(string, string), List<(DateTimeOffset Created, DateTimeOffset? Revoked)>>> DevicesOnRecordAsync(CancellationToken cancellationToken)
    {
        var rows = await db.KnownDevices.AsNoTracking()
            .Select(d => new { d.AccountKey, d.UserAgent, d.CreatedAt, d.RevokedAt })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(d => (d.AccountKey, d.UserAgent ?? ""))
            .ToDictionary(g => g.Key, g => g.Select(d => (d.CreatedAt, d.RevokedAt)).ToList());
    }

    private IEnumerable<string> Errors<T>(T value)
        where T : class =>
        services.GetServices<IValidateOptions<T>>()
            .Select(v => v.Validate(Options.DefaultName, value))
            .Where(r => r.Failed)
            .SelectMany(r => r.Failures ?? []);
}
