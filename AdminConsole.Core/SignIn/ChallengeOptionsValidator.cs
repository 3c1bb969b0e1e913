using AdminConsole.Core.Identity;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.SignIn;

/// <summary>The challenge counts failures; the step-up is a score from 0 to 100.</summary>
public sealed class ChallengeOptionsValidator : IValidateOptions<ChallengeOptions>, IValidateOptions<RiskOptions>
{
    /// <summary>More failures than this before a challenge would never come before a lock.</summary>
    public const int MostFailures = 100;

    public ValidateOptionsResult Validate(string? name, ChallengeOptions o) => OptionsRules.Check(
        (o.AfterFailures is >= 0 and <= MostFailures, "Challenge:AfterFailures must be from 0 (off) to 100."));

    public ValidateOptionsResult Validate(string? name, RiskOptions o) => OptionsRules.Check(
        (o.StepUpAbove is >= 0 and <= SignInRisk.Highest, "Risk:StepUpAbove must be from 0 to 100 (100 turns the step-up off)."));
}
