using AdminConsole.Core.Attempts;
using AdminConsole.Core.Lockout;

namespace AdminConsole.Core.Identity;

/// <summary>One structured line per sign-in decision (ASVS 16.3.1). No passwords, no tokens.</summary>
internal static partial class SignInLog
{
    [LoggerMessage(EventId = 1001, EventName = "SignInSucceeded", Level = LogLevel.Information,
        Message = "Sign-in succeeded for {UserName} from {Address}")]
    public static partial void Succeeded(ILogger logger, string userName, string address);

    [LoggerMessage(EventId = 1002, EventName = "SignInFailed", Level = LogLevel.Warning,
        Message = "Sign-in failed for {UserName} from {Address}: {Outcome}, {Verdict} at {Failures} failures")]
    public static partial void Failed(ILogger logger, string userName, string address, LoginOutcome outcome, LockoutVerdict verdict, int failures);

    [LoggerMessage(EventId = 1003, EventName = "SignInRejected", Level = LogLevel.Warning,
        Message = "Sign-in rejected for {UserName} from {Address}: {Outcome}")]
    public static partial void Rejected(ILogger logger, string userName, string address, LoginOutcome outcome);

    [LoggerMessage(EventId = 1004, EventName = "SignInStorageFault", Level = LogLevel.Error,
        Message = "Sign-in refused: the attempt or its decision could not be stored")]
    public static partial void StorageFault(ILogger logger, Exception exception);
}
