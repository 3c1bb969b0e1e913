namespace AdminConsole.Core.Attempts;

/// <summary>
/// Which outcomes are failed sign-ins: the one list the dashboard, the reports, the attack scan, the policy
/// rehearsal and the AttemptCounts trigger count by (<c>OutcomeRuleTests</c> reads the installed trigger SQL of both
/// providers and fails when it lists other outcomes).
/// </summary>
public static class LoginOutcomes
{
    /// <summary>
    /// Outcomes that count as a failed sign-in. A repeated wrong password is one: it moves no lockout counter, but
    /// the person (or script) still failed to sign in, and the attack scan should see it.
    /// </summary>
    public static readonly LoginOutcome[] Failures =
        [LoginOutcome.WrongPassword, LoginOutcome.UnknownUser, LoginOutcome.WrongSecondFactor, LoginOutcome.InvalidPasskey, LoginOutcome.LockedOut,
         LoginOutcome.RepeatedWrongPassword];

    /// <summary>The failures as stored (outcomes are stored as their names), for queries on the counts.</summary>
    public static readonly string[] FailureNames = [.. Failures.Select(f => f.ToString())];

    /// <summary>Whether this outcome is a failed sign-in.</summary>
    public static bool IsFailure(this LoginOutcome outcome) => Array.IndexOf(Failures, outcome) >= 0;
}
