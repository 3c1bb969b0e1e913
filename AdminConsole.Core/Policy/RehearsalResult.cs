namespace AdminConsole.Core.Policy;

/// <summary>What one policy did, or would have done, to the attempts of a range.</summary>
/// <param name="LocksByTier">Locks of accounts (names that are accounts) by the tier they locked at.</param>
/// <param name="AccountsLocked">Distinct accounts locked at least once.</param>
/// <param name="UnknownNamesLocked">Locks of names that are not accounts (phantom locks).</param>
/// <param name="AddressBlocks">Automatic address blocks.</param>
/// <param name="AddressesBlocked">Distinct addresses (IPv4, or IPv6 /64) blocked at least once.</param>
/// <param name="OwnersLockedOut">Accounts locked whose next correct sign-in came from a device known to the account: the owner was behind the lock.</param>
/// <param name="SignInsRefused">Correct passwords that would have been answered "locked".</param>
/// <param name="AttemptsRejectedByBlocks">Attempts that would have met an address block before reaching an account.</param>
/// <param name="SignInsSteppedUp">Password sign-ins whose stored risk score is above the policy's <c>Risk:StepUpAbove</c>: challenged, and asked for a second factor where there is one.</param>
public sealed record RehearsalOutcome(
    IReadOnlyDictionary<int, int> LocksByTier,
    int AccountsLocked,
    int UnknownNamesLocked,
    int AddressBlocks,
    int AddressesBlocked,
    int OwnersLockedOut,
    int SignInsRefused,
    int AttemptsRejectedByBlocks,
    int SignInsSteppedUp = 0)
{
    public int Locks => LocksByTier.Values.Sum();
}

/// <summary>The current policy and the edited one, replayed over the same attempts.</summary>
public sealed record RehearsalResult(DateTimeOffset From, DateTimeOffset To, long Attempts, RehearsalOutcome Current, RehearsalOutcome Candidate, TimeSpan Elapsed);

/// <summary>The policy to replay: lockout and address blocking, and the step-up threshold (null: the one in force).</summary>
public sealed record RehearsalPolicy(Lockout.LockoutPolicyOptions Lockout, IpProtection.AddressBlockingOptions Blocking, SignIn.RiskOptions? Risk = null);
