using System.Globalization;
using AdminConsole.Core.Text;

using AdminConsole.Core.Identity;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.SignIn;

/// <summary>
/// The words a person sees after a failed sign-in. Every failure cause has the same shape and unknown user
/// names get exactly what real ones get (ASVS 6.3.8); details are added only when the setting allows.
/// </summary>
public static class SignInMessages
{
    public const string Failed = "Sign-in failed. Check your email and password.";
    public const string Unavailable = "Sign-in is temporarily unavailable. Nothing was changed; please try again later.";
    public const string BusyWithPuzzle = "Many sign-ins are being checked right now. Your browser is doing a short check and will try again by itself in a moment.";

    public const string ChallengedInBrowser = "One more check before this sign-in: your browser is doing a short check and will try again by itself in a moment.";
    public const string Challenged = "Solve the puzzle and send the answer in the Sign-In-Proof header with the next try; nothing was checked or counted.";

    public const string Busy = "Many sign-ins are being checked right now. Nothing was changed; please try again in a few seconds.";
    public const string NotAllowed = "This account cannot sign in: confirm your email address first, or ask an administrator.";
    public const string TwoFactorRequired = "Two-factor authentication is required: send twoFactorCode (or recoveryCode) with the password, or sign in through the web page.";

    public static string For(SignInResult result, bool showDetails, DateTimeOffset now)
    {
        var decision = (result as AppSignInResult)?.Decision;
        return result switch
        {
            AppSignInResult { IsUnavailable: true } => Unavailable,
            AppSignInResult { IsBusy: true } => Busy,
            AppSignInResult { IsChallenged: true } => Challenged,
            { IsNotAllowed: true } => NotAllowed,
            { RequiresTwoFactor: true } => TwoFactorRequired,
            _ when !showDetails || decision is null => Failed,
            { IsLockedOut: true } when decision.IsPermanent =>
                "Too many failed attempts: sign-in is locked until an administrator unlocks the account.",
            { IsLockedOut: true } when decision.LockedUntil is { } until =>
                $"Too many failed attempts: try again in {DurationText.Describe(DurationText.RoundedWait(until - now))} (at {FormatTime(until, now)}).",
            _ when decision.AttemptsRemaining is > 0 and var left =>
                $"{Failed} {left} {(left == 1 ? "attempt" : "attempts")} left before sign-in is locked.",
            _ => Failed,
        };
    }

    /// <summary>
    /// Whether to offer "Reset your password" and "Send me an unlock link" with the message: only for a lock a reset lifts (a temporary lock after
    /// failures, as <c>LoginAttemptRecorder.ClearTemporaryLockAsync</c> clears it), never for one only an
    /// administrator lifts, and only when lock details are shown at all. Unknown names get the same phantom
    /// decisions, so the offer says nothing about whether an account exists. The unlock request mails a link only for
    /// a lock its owner may lift, and answers alike otherwise.
    /// </summary>
    public static bool OffersPasswordReset(SignInResult result, bool showDetails) =>
        showDetails
        && result is AppSignInResult { IsLockedOut: true, Decision: { IsPermanent: false, LockedUntil: not null, State.Failures: > 0 } };

    /// <summary>"14:05 UTC" today, with the date otherwise.</summary>
    public static string FormatTime(DateTimeOffset at, DateTimeOffset now) =>
        at.UtcDateTime.Date == now.UtcDateTime.Date
            ? at.UtcDateTime.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : at.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
