using AdminConsole.Core.Lockout;

using AdminConsole.Core.Identity;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.SignIn;

/// <summary>Identity's result plus what our pipeline knows: the lockout decision and storage faults.</summary>
public sealed class AppSignInResult : SignInResult
{
    /// <summary>The lockout decision behind a failure, when one was made.</summary>
    public LockoutDecision? Decision { get; private init; }

    /// <summary>The attempt or its decision could not be stored: the sign-in was refused (fail closed).</summary>
    public bool IsUnavailable { get; private init; }

    /// <summary>Too many hashes running and waiting: turned away before the password was checked (nothing counted).</summary>
    public bool IsBusy => RetryAfter is not null;

    /// <summary>When a busy caller may try again.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>A puzzle that, solved and sent with the next try, puts it ahead of unsolved ones (see <see cref="SignInPuzzle"/>).</summary>
    public Puzzle? Puzzle { get; private init; }

    /// <summary>
    /// After failures or at a high risk the try must carry a solved <see cref="Puzzle"/> first: nothing was checked
    /// or counted (<see cref="ChallengeOptions"/>).
    /// </summary>
    public bool IsChallenged { get; private init; }

    public static AppSignInResult Challenged(Puzzle puzzle) => new() { IsChallenged = true, Puzzle = puzzle };

    public static AppSignInResult Busy(TimeSpan retryAfter, Puzzle? puzzle = null) => new() { RetryAfter = retryAfter, Puzzle = puzzle };

    public static AppSignInResult From(LockoutDecision decision) => new() { Decision = decision, IsLockedOut = decision.IsLocked };

    public static AppSignInResult Unavailable() => new() { IsUnavailable = true };

    public static new AppSignInResult NotAllowed() => new() { IsNotAllowed = true };

    public static new AppSignInResult Success() => new() { Succeeded = true };
}
