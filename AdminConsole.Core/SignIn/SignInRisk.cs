using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;

using AdminConsole.Core.Identity;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.SignIn;

/// <summary>What raised a sign-in's risk score; each adds its <see cref="SignInRisk"/> weight.</summary>
public enum RiskSignal
{
    /// <summary>The request's device has not signed in to this account before (or was revoked).</summary>
    NewDevice,

    /// <summary>The name failed within the lockout failure window: each failure adds, up to a cap.</summary>
    AccountFailures,

    /// <summary>The address failed within the address-blocking window: each failure adds, up to a cap.</summary>
    AddressFailures,

    /// <summary>The address was blocked (failures, a honeypot name or a rule) within the repeat window.</summary>
    AddressBlockedBefore,

    /// <summary>The name failed less than <c>Lockout:MinimumInterval</c> ago: faster than a person types.</summary>
    Velocity,

    /// <summary>The account has signed in before, never from this country (<see cref="Location.LocationSignals"/>).</summary>
    NewCountry,

    /// <summary>Too far from the account's previous placed sign-in for the time between (<c>Geo:ImpossibleTravelKmh</c>).</summary>
    ImpossibleTravel,
}

/// <summary>A sign-in's risk before its password is checked, and whether it must be solved first.</summary>
/// <param name="Score">0 (nothing unusual) to 100.</param>
/// <param name="Signals">What raised it, strongest first.</param>
/// <param name="Challenge">Whether the try must carry a solved puzzle before anything is checked or counted.</param>
/// <param name="StepUp">Whether the score is above <c>Risk:StepUpAbove</c>: a second factor is asked even where it would be skipped.</param>
public sealed record SignInAssessment(int Score, IReadOnlyList<RiskSignal> Signals, bool Challenge, bool StepUp)
{
    public static readonly SignInAssessment None = new(0, [], false, false);
}

/// <summary>
/// Scores a password sign-in from what is known before the hash: a new device, failures of the name and of the
/// address, a recent block of the address, and a pace faster than typing. The same counters decide the challenge
/// (<see cref="ChallengeOptions.AfterFailures"/>) and, with the score, the step-up (<see cref="RiskOptions.StepUpAbove"/>).
/// Unknown names have the same counters (phantom locks), so the answers are the same for them. Reads two rows the
/// pipeline reads anyway (the lock state, passed in) and one address counter.
/// </summary>
public sealed class SignInRisk(
    AddressBlocker addresses,
    IOptionsMonitor<ChallengeOptions> challenge,
    IOptionsMonitor<RiskOptions> risk,
    IOptionsMonitor<LockoutPolicyOptions> lockout,
    IOptionsMonitor<AddressBlockingOptions> blocking)
{
    public const int Highest = 100;

    /// <summary>The weight of each signal; failures add theirs per failure, up to <see cref="FailureCap"/>.</summary>
    public static int Weight(RiskSignal signal) => signal switch
    {
        RiskSignal.NewDevice => 20,
        RiskSignal.AccountFailures or RiskSignal.AddressFailures => 5,
        RiskSignal.AddressBlockedBefore => 30,
        RiskSignal.Velocity => 15,
        RiskSignal.NewCountry => 25,
        RiskSignal.ImpossibleTravel => 50,
        _ => 0,
    };

    /// <summary>The most that failures of the name, or of the address, add.</summary>
    public const int FailureCap = 25;

    /// <summary>
    /// The assessment with where the sign-in comes from added to its score, once the password is right. Only an account has a place to compare
    /// with, so these signals move the score and the second-factor step-up but never the challenge: before the hash
    /// it would tell a stranger which names are accounts, and after it that the password was right. They reach the
    /// owner and the admins as the new-country and impossible-travel events instead.
    /// </summary>
    public SignInAssessment WithLocation(SignInAssessment assessment, Location.LocationSignal location)
    {
        var extra = new List<RiskSignal>();
        if (location.ImpossibleTravel)
        {
            extra.Add(RiskSignal.ImpossibleTravel);
        }

        if (location.NewCountry)
        {
            extra.Add(RiskSignal.NewCountry);
        }

        if (extra.Count == 0)
        {
            return assessment;
        }

        var score = Math.Min(Highest, assessment.Score + extra.Sum(Weight));
        return assessment with
        {
            Score = score,
            Signals = [.. assessment.Signals.Concat(extra).OrderByDescending(Weight)],
            StepUp = score > risk.CurrentValue.StepUpAbove,
        };
    }

    /// <param name="state">The name's lock state as the pipeline read it.</param>
    /// <param name="knownDevice">Whether the request carries this account's device cookie (it is then never challenged).</param>
    /// <param name="exempt">Allow-listed addresses and calls without a request: scored, never challenged.</param>
    public async Task<SignInAssessment> AssessAsync(
        LockoutState state, bool knownDevice, bool exempt, string address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var accountFailures = LockoutPolicy.IsForgotten(lockout.CurrentValue, state, now) ? 0 : state.Failures;
        var counter = addresses.KeyFor(address) is { } key ? await addresses.ReadAsync(key, cancellationToken) : null;
        var o = blocking.CurrentValue;
        var addressFailures = counter is not null && counter.WindowStart > now - o.Window ? counter.Failures : 0;
        var blockedBefore = counter?.LastBlockAt is { } blocked && blocked > now - o.RepeatWindow;
        var velocity = state.LastFailureAt is { } last && now - last < lockout.CurrentValue.MinimumInterval;

        var signals = new List<(RiskSignal Signal, int Points)>();
        Add(RiskSignal.NewDevice, knownDevice ? 0 : Weight(RiskSignal.NewDevice));
        Add(RiskSignal.AccountFailures, Math.Min(FailureCap, accountFailures * Weight(RiskSignal.AccountFailures)));
        Add(RiskSignal.AddressFailures, Math.Min(FailureCap, addressFailures * Weight(RiskSignal.AddressFailures)));
        Add(RiskSignal.AddressBlockedBefore, blockedBefore ? Weight(RiskSignal.AddressBlockedBefore) : 0);
        Add(RiskSignal.Velocity, velocity ? Weight(RiskSignal.Velocity) : 0);
        var score = Math.Min(Highest, signals.Sum(s => s.Points));

        var after = challenge.CurrentValue.AfterFailures;
        var stepUp = score > risk.CurrentValue.StepUpAbove;
        var challenged = !knownDevice && !exempt && (stepUp || (after > 0 && (accountFailures >= after || addressFailures >= after)));
        return new SignInAssessment(score, [.. signals.OrderByDescending(s => s.Points).Select(s => s.Signal)], challenged, stepUp);

        void Add(RiskSignal signal, int points)
        {
            if (points > 0)
            {
                signals.Add((signal, points));
            }
        }
    }
}
