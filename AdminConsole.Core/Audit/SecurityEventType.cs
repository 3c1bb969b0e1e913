namespace AdminConsole.Core.Audit;

public enum SecurityEventType
{
    AccountLocked,
    AccountUnlocked,
    LockClearedByPasswordReset,
    SignInAfterFailures,
}

public enum SecurityEventSeverity
{
    Info,
    Warning,
    Critical,
}
