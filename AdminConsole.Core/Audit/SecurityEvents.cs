using System.Text.Json;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.Audit;

/// <summary>
/// Every <see cref="SecurityEvent"/> is built here: its severity, actor, subject and details serialised from their
/// record, so a writer cannot get a field name or a severity wrong and readers get them back with
/// <see cref="SecurityEvent.DetailsAs{T}"/>.
/// </summary>
public static class SecurityEvents
{
    /// <summary>The automatic lock of a name; until an admin unlocks it is Critical.</summary>
    public static SecurityEvent AccountLocked(LoginAttempt attempt, string reason, AccountLockedDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.AccountLocked, details.UntilAdminUnlocks ? SecurityEventSeverity.Critical : SecurityEventSeverity.Warning,
            at, SecurityEvent.SystemActor, attempt.UserId, attempt.UserName, attempt.Address, reason, details);

    public static SecurityEvent CommonPasswordSignIn(LoginAttempt attempt, DateTimeOffset at) =>
        Create(SecurityEventType.CommonPasswordSignIn, SecurityEventSeverity.Warning, at, SecurityEvent.SystemActor, attempt.UserId, attempt.UserName, attempt.Address,
            "Signed in with a password on the common-password list; a password change is required", details: null);

    public static SecurityEvent KnownDeviceLocked(LoginAttempt attempt, KnownDeviceLockedDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.KnownDeviceLocked, SecurityEventSeverity.Warning, at, SecurityEvent.SystemActor, attempt.UserId, attempt.UserName, attempt.Address,
            $"{details.Failures} failed sign-ins from a known device while the account was locked for new devices", details);

    public static SecurityEvent KnownDeviceSignInWhileLocked(LoginAttempt attempt, KnownDeviceSignInWhileLockedDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.KnownDeviceSignInWhileLocked, SecurityEventSeverity.Info, at, SecurityEvent.SystemActor, attempt.UserId, attempt.UserName, attempt.Address,
            "Signed in from a known device; the account stays locked for new devices", details);

    public static SecurityEvent NewDeviceSignIn(LoginAttempt attempt, NewDeviceSignInDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.NewDeviceSignIn, SecurityEventSeverity.Info, at, SecurityEvent.SystemActor, attempt.UserId, attempt.UserName, attempt.Address, reason: null, details);

    public static SecurityEvent SignInAfterFailures(LoginAttempt attempt, SignInAfterFailuresDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.SignInAfterFailures, SecurityEventSeverity.Info, at, SecurityEvent.SystemActor, attempt.UserId, attempt.UserName, attempt.Address, reason: null, details);

    public static SecurityEvent LockClearedByPasswordReset(string? userId, string accountKey, string address, LockClearedByPasswordResetDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.LockClearedByPasswordReset, SecurityEventSeverity.Info, at, SecurityEvent.SystemActor, userId, accountKey, address,
            "Password reset through the mailbox", details);

    public static SecurityEvent PasswordSprayingDetected(string address, PasswordSprayingDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.PasswordSprayingDetected, SecurityEventSeverity.Critical, at, SecurityEvent.SystemActor, userId: null, userName: null, address, reason: null, details);

    public static SecurityEvent DistributedAttackDetected(string accountKey, string? userId, DistributedAttackDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.DistributedAttackDetected, SecurityEventSeverity.Critical, at, SecurityEvent.SystemActor, userId, accountKey, address: null, reason: null, details);

    public static SecurityEvent AutomatedSignInsDetected(string accountKey, string? userId, AutomatedSignInsDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.AutomatedSignInsDetected, SecurityEventSeverity.Warning, at, SecurityEvent.SystemActor, userId, accountKey, address: null, reason: null, details);

    public static SecurityEvent RefreshTokenReuse(string userId, string? accountKey, string? address, RefreshTokenReuseDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.RefreshTokenReuse, SecurityEventSeverity.Critical, at, SecurityEvent.SystemActor, userId, accountKey, address,
            "A spent refresh token was presented again; the session was ended.", details);

    public static SecurityEvent AddressRuleAdded(ConsoleActor actor, string reason, AddressRuleAddedDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.AddressRuleAdded, SecurityEventSeverity.Info, at, actor.Name, userId: null, userName: null, actor.Address, reason, details);

    public static SecurityEvent AddressRuleEnded(ConsoleActor actor, string reason, AddressRuleEndedDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.AddressRuleEnded, SecurityEventSeverity.Info, at, actor.Name, userId: null, userName: null, actor.Address, reason, details);

    /// <summary>
    /// An admin's action on an account (lock, unlock, reset, sessions, devices, users and roles), from the admin's
    /// address. Disabling an account and changing roles are Warning, the rest Info.
    /// </summary>
    public static SecurityEvent AccountAction(
        SecurityEventType type, ConsoleActor actor, string userId, string? accountKey, string reason, ISecurityEventDetails? details, DateTimeOffset at) =>
        Create(type, type is SecurityEventType.UserDisabled or SecurityEventType.RoleGranted or SecurityEventType.RoleRemoved
                ? SecurityEventSeverity.Warning
                : SecurityEventSeverity.Info,
            at, actor.Name, userId, accountKey, actor.Address, reason, details);

    private static SecurityEvent Create(
        SecurityEventType type, SecurityEventSeverity severity, DateTimeOffset at, string actor,
        string? userId, string? userName, string? address, string? reason, ISecurityEventDetails? details) => new()
    {
        At = at,
        Type = type,
        Severity = severity,
        Actor = actor,
        TargetUserId = userId,
        TargetUserName = userName,
        Address = address,
        Reason = reason,
        Details = details is null ? null : JsonSerializer.Serialize(details, details.GetType()),
    };
}
