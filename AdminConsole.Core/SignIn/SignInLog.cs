using AdminConsole.Core.Attempts;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Text;

using AdminConsole.Core.Identity;

namespace AdminConsole.Core.SignIn;

/// <summary>
/// One structured line per sign-in decision (ASVS 16.3.1). No passwords, no tokens. User names are whatever the
/// client typed, so control characters in them are escaped before they reach a log line (ASVS 16.4.1): a name
/// holding CR LF cannot forge a second line.
/// </summary>
internal static partial class SignInLog
{
    public static void Succeeded(ILogger logger, string userName, string address)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
#pragma warning disable CA1873 // guarded by IsEnabled above, which the analyzer does not see through
            SucceededLine(logger, TypedText.ForLog(userName), address);
#pragma warning restore CA1873
        }
    }

    public static void Failed(ILogger logger, string userName, string address, LoginOutcome outcome, LockoutVerdict verdict, int failures) =>
        FailedLine(logger, TypedText.ForLog(userName), address, outcome, verdict, failures);

    public static void Rejected(ILogger logger, string userName, string address, LoginOutcome outcome) =>
        RejectedLine(logger, TypedText.ForLog(userName), address, outcome);

    [LoggerMessage(EventId = 1001, EventName = "SignInSucceeded", Level = LogLevel.Information,
        Message = "Sign-in succeeded for {UserName} from {Address}")]
    private static partial void SucceededLine(ILogger logger, string userName, string address);

    [LoggerMessage(EventId = 1002, EventName = "SignInFailed", Level = LogLevel.Warning,
        Message = "Sign-in failed for {UserName} from {Address}: {Outcome}, {Verdict} at {Failures} failures")]
    private static partial void FailedLine(ILogger logger, string userName, string address, LoginOutcome outcome, LockoutVerdict verdict, int failures);

    [LoggerMessage(EventId = 1003, EventName = "SignInRejected", Level = LogLevel.Warning,
        Message = "Sign-in rejected for {UserName} from {Address}: {Outcome}")]
    private static partial void RejectedLine(ILogger logger, string userName, string address, LoginOutcome outcome);

    [LoggerMessage(EventId = 1004, EventName = "SignInStorageFault", Level = LogLevel.Error,
        Message = "Sign-in refused: the attempt or its decision could not be stored")]
    public static partial void StorageFault(ILogger logger, Exception exception);
}
