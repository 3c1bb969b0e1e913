using AdminConsole.Core.Identity;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.SignIn;

/// <summary>
/// The proof-of-work challenge after a few failures (<c>Challenge</c> section): once a name, or an address, has
/// failed this often within its failure window, its next sign-ins must carry a solved <see cref="SignInPuzzle"/>
/// before anything is checked or counted. The owner's known device is exempt.
/// </summary>
public sealed class ChallengeOptions
{
    public const string Section = "Challenge";

    /// <summary>
    /// Failures of one name within <c>Lockout:FailureWindow</c>, or from one address within
    /// <c>AddressBlocking:Window</c>, after which a sign-in must be solved first; 0 turns the challenge off.
    /// </summary>
    public int AfterFailures { get; set; } = 3;
}
