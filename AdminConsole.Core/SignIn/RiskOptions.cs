using AdminConsole.Core.Identity;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.SignIn;

/// <summary>The sign-in risk score (<c>Risk</c> section): see <see cref="SignInRisk"/>.</summary>
public sealed class RiskOptions
{
    public const string Section = "Risk";

    /// <summary>
    /// Above this score (0 to 100) a sign-in must be solved first (the challenge) and an account with a second
    /// factor must give it, even on a browser it remembers. 100 turns the step-up off.
    /// </summary>
    public int StepUpAbove { get; set; } = 60;
}
