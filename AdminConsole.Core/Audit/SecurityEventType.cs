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
    FailuresReset,
    SessionsRevoked,
    PolicyChanged,
    PasswordSprayingDetected,
    DistributedAttackDetected,
    AttemptsPurged,
    AutomaticBlockRefused,
    RefreshTokenReuse,
    KnownDeviceSignInWhileLocked,
    KnownDeviceLocked,
    KnownDevicesRevoked,
    SharedStateUnavailable,
    SharedStateRestored,
    HoneypotNameUsed,
    NewDeviceSignIn,
    CommonPasswordSignIn,
    AutomatedSignInsDetected,
    UserInvited,
    UserDisabled,
    UserEnabled,
    RoleGranted,
    RoleRemoved,
    WebhookEndpointAdded,
    WebhookEndpointDisabled,
    WebhookEndpointEnabled,
    WebhookEndpointDeleted,
    WebhookDeliveryRetried,
}

public enum SecurityEventSeverity
{
    Info,
    Warning,
    Critical,
}
