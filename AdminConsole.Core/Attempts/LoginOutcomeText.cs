namespace AdminConsole.Core.Attempts;

/// <summary>An attempt's outcome in the words the console shows, instead of the stored name.</summary>
public static class LoginOutcomeText
{
    public static string Describe(LoginOutcome outcome) => outcome switch
    {
        LoginOutcome.Succeeded => "Signed in",
        LoginOutcome.WrongPassword => "Wrong password",
        LoginOutcome.UnknownUser => "Unknown user",
        LoginOutcome.LockedOut => "Locked out",
        LoginOutcome.AddressBlocked => "Address blocked",
        LoginOutcome.Throttled => "Rate limited",
        LoginOutcome.RequiresTwoFactor => "Second factor asked",
        LoginOutcome.WrongSecondFactor => "Wrong second factor",
        LoginOutcome.InvalidPasskey => "Invalid passkey",
        LoginOutcome.NotAllowed => "Not allowed to sign in",
        LoginOutcome.RepeatedWrongPassword => "Same wrong password again",
        LoginOutcome.TokenRefused => "Token request refused",
        LoginOutcome.WrongClientSecret => "Wrong client secret",
        LoginOutcome.Challenged => "Challenged with a puzzle",
        _ => outcome.ToString(),
    };

    /// <summary>The outcome with the lock tier in force after it, when there is one: "Locked out · tier 2".</summary>
    public static string Describe(LoginOutcome outcome, int tier) => tier > 0 ? $"{Describe(outcome)} · tier {tier}" : Describe(outcome);
}
