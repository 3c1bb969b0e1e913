namespace AdminConsole.Core.Audit;

public enum SecurityEventType
{
    AccountLocked,
    AccountUnlocked,
    LockClearedByPasswordReset,
    SignInAfterFailures,
    AddressBlocked,
    AddressRuleAdded,
    AddressRuleEnded,
}

public enum SecurityEventSeverity
{
    Info,
    Warning,
    Critical,
}
