using AdminConsole.Core.Attempts;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;

namespace AdminConsole.Core.Policy;

/// <summary>One stored attempt as the replay reads it.</summary>
public readonly record struct ReplayAttempt(DateTimeOffset At, string UserName, bool IsAccount, string Address, string? UserAgent, LoginOutcome Outcome);

/// <summary>
/// Replays one policy over attempts in time order with the decisions sign-in itself makes, as pure functions:
/// <see cref="LockoutPolicy.Decide(LockoutPolicyOptions, LockoutState, bool, DateTimeOffset)"/> for accounts,
/// <see cref="DeviceLanePolicy"/> for known devices, <see cref="AddressBlocker.CountFailure"/> for addresses. State
/// is kept per name, per known device and per address key, starting clean at the first attempt given.
/// A stored attempt tells what was typed, not what a different policy would have answered, so: a guess (a failure,
/// or an attempt refused as locked, whose password was never checked) counts as a wrong password wherever the
/// replayed policy lets it reach the account; an attempt from an address this policy has blocked is rejected before
/// it reaches the account; attempts refused by the real policy's blocks stay rejected.
/// A device is known to an account when a device on record (<c>KnownDevices</c>) with the attempt's user agent was
/// created before it, or when the replay let a correct sign-in from that user agent through earlier.
/// </summary>
public sealed class PolicyReplay(
    LockoutPolicyOptions lockout,
    AddressBlockingOptions blocking,
    Func<string, string?> addressKey,
    Func<string, bool> isTrustedProxy,
    Func<string, string, DateTimeOffset, bool> deviceOnRecord)
{
    /// <summary>
    /// Outcomes that tested a password (or second factor) and count on the account and the address: the dashboard's
    /// failures but a passkey's and a repeated wrong password's (it tested nothing new, so sign-in counts nothing for it).
    /// </summary>
    private static readonly bool[] Guess = Flags(Counted());

    /// <summary>What the replay reads: guesses and correct sign-ins. Other outcomes move no counter.</summary>
    public static readonly LoginOutcome[] Relevant = [.. Counted(), LoginOutcome.Succeeded];

    private static IEnumerable<LoginOutcome> Counted() =>
        LoginOutcomes.Failures.Where(o => o is not LoginOutcome.InvalidPasskey and not LoginOutcome.RepeatedWrongPassword);

    private readonly Dictionary<string, Account> accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AddressThrottleState> throttles = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> locksByTier = [];
    private readonly HashSet<string> accountsLocked = new(StringComparer.Ordinal);
    private readonly HashSet<string> addressesBlocked = new(StringComparer.Ordinal);
    private readonly HashSet<string> owners = new(StringComparer.Ordinal);
    private int unknownNamesLocked;
    private int addressBlocks;
    private int signInsRefused;
    private int rejectedByBlocks;

    public void Apply(in ReplayAttempt attempt)
    {
        var outcome = (int)attempt.Outcome;
        var guess = outcome < Guess.Length && Guess[outcome];
        if (!guess && attempt.Outcome != LoginOutcome.Succeeded)
        {
            return;
        }

        var at = attempt.At;
        var key = addressKey(attempt.Address);
        AddressThrottleState? throttle = null;
        if (key is not null && throttles.TryGetValue(key, out var known))
        {
            throttle = known;
            if (known.BlockedUntil > at && !isTrustedProxy(key))
            {
                // Answered by the address guard before the account is looked at.
                rejectedByBlocks++;
                return;
            }
        }

        if (!accounts.TryGetValue(attempt.UserName, out var account))
        {
            account = new Account();
            accounts.Add(attempt.UserName, account);
        }

        var agent = attempt.UserAgent ?? "";
        var device = attempt.IsAccount ? DeviceOf(account, attempt.UserName, agent, at) : null;
        var lane = DeviceLanePolicy.Choose(lockout, account.State, device, disabled: false, at);
        if (guess)
        {
            Fail(account, attempt, agent, device, lane, at);
            if (key is not null)
            {
                var (after, blocked) = AddressBlocker.CountFailure(blocking, throttle ?? AddressThrottleState.First(at), at);
                throttles[key] = after;
                if (blocked && !isTrustedProxy(key))
                {
                    addressBlocks++;
                    addressesBlocked.Add(key);
                }
            }

            return;
        }

        if (device is not null && LockoutPolicy.IsLocked(account.State, at))
        {
            owners.Add(attempt.UserName);
        }

        switch (lane)
        {
            case SignInLane.Account:
                account.State = LockoutPolicy.Decide(lockout, account.State, passwordCorrect: true, at).State;
                Remember(account, agent, device?.Id ?? agent);
                break;
            case SignInLane.KnownDevice:
                Remember(account, agent, device!.Id);
                break;
            default:
                signInsRefused++;
                break;
        }
    }

    public RehearsalOutcome Outcome() => new(
        new SortedDictionary<int, int>(locksByTier), accountsLocked.Count, unknownNamesLocked, addressBlocks, addressesBlocked.Count, owners.Count, signInsRefused, rejectedByBlocks);

    private void Fail(Account account, in ReplayAttempt attempt, string agent, KnownDeviceState? device, SignInLane lane, DateTimeOffset at)
    {
        switch (lane)
        {
            case SignInLane.Account:
                var decision = LockoutPolicy.Decide(lockout, account.State, passwordCorrect: false, at);
                account.State = decision.State;
                if (device is not null)
                {
                    // A known device's failures on the account's lane count on the device too (LoginAttemptRecorder).
                    account.Devices![agent] = DeviceLanePolicy.CountFailure(lockout, device, account.State, at);
                }

                if (decision.Verdict == LockoutVerdict.LockedNow)
                {
                    Locked(attempt, account.State.Tier);
                }

                break;
            case SignInLane.KnownDevice:
                // The device's own lane: it counts on the device, and the account's consecutive count goes on to the
                // limit that locks everywhere (LoginAttemptRecorder.CountOnDeviceLaneAsync, LockoutStore.CountConsecutiveAsync).
                account.Devices![agent] = DeviceLanePolicy.CountFailure(lockout, device!, account.State, at);
                var consecutive = account.State.ConsecutiveFailures + 1;
                if (LockoutPolicy.ReachesConsecutiveLimit(lockout, consecutive))
                {
                    account.State = account.State with { ConsecutiveFailures = consecutive, Tier = lockout.LockTiers().Count, LockedUntil = LockoutPolicy.UntilUnlocked, LockedAt = at };
                    Locked(attempt, account.State.Tier);
                }
                else
                {
                    account.State = account.State with { ConsecutiveFailures = consecutive };
                }

                break;
        }
    }

    private void Locked(in ReplayAttempt attempt, int tier)
    {
        if (!attempt.IsAccount)
        {
            unknownNamesLocked++;
            return;
        }

        locksByTier[tier] = locksByTier.GetValueOrDefault(tier) + 1;
        accountsLocked.Add(attempt.UserName);
    }

    /// <summary>A correct sign-in: the device is known from now on, and its own counter starts afresh.</summary>
    private static void Remember(Account account, string agent, string id)
    {
        account.Devices ??= new(StringComparer.Ordinal);
        account.Devices[agent] = new KnownDeviceState(id, 0, null, null, Revoked: false);
    }

    private KnownDeviceState? DeviceOf(Account account, string userName, string agent, DateTimeOffset at)
    {
        if (account.Devices is not null && account.Devices.TryGetValue(agent, out var device))
        {
            return device;
        }

        if (!deviceOnRecord(userName, agent, at))
        {
            return null;
        }

        account.Devices ??= new(StringComparer.Ordinal);
        return account.Devices[agent] = new KnownDeviceState(agent, 0, null, null, Revoked: false);
    }

    private static bool[] Flags(IEnumerable<LoginOutcome> outcomes)
    {
        var flags = new bool[Enum.GetValues<LoginOutcome>().Max(o => (int)o) + 1];
        foreach (var o in outcomes)
        {
            flags[(int)o] = true;
        }

        return flags;
    }

    private sealed class Account
    {
        public LockoutState State { get; set; } = LockoutState.Clean;

        /// <summary>Known devices by user agent, with their own counters; null until the account has one.</summary>
        public Dictionary<string, KnownDeviceState>? Devices { get; set; }
    }
}
