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

    public static SecurityEvent NewCountrySignIn(LoginAttempt attempt, NewCountrySignInDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.NewCountrySignIn, SecurityEventSeverity.Warning, at, SecurityEvent.SystemActor, attempt.UserId, attempt.UserName, attempt.Address, reason: null, details);

    public static SecurityEvent ImpossibleTravel(LoginAttempt attempt, ImpossibleTravelDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.ImpossibleTravel, SecurityEventSeverity.Critical, at, SecurityEvent.SystemActor, attempt.UserId, attempt.UserName, attempt.Address, reason: null, details);

    public static SecurityEvent SignInAfterFailures(LoginAttempt attempt, SignInAfterFailuresDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.SignInAfterFailures, SecurityEventSeverity.Info, at, SecurityEvent.SystemActor, attempt.UserId, attempt.UserName, attempt.Address, reason: null, details);

    public static SecurityEvent LockClearedByPasswordReset(string? userId, string accountKey, string address, LockClearedByPasswordResetDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.LockClearedByPasswordReset, SecurityEventSeverity.Info, at, SecurityEvent.SystemActor, userId, accountKey, address,
            "Password reset through the mailbox", details);

    /// <summary>The owner lifted a temporary lock with the unlock link mailed to the account's address.</summary>
    public static SecurityEvent AccountUnlockedByOwner(string userId, string accountKey, string address, AccountUnlockedByOwnerDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.AccountUnlockedByOwner, SecurityEventSeverity.Info, at, SecurityEvent.OwnerByMailActor, userId, accountKey, address,
            "Unlock link from the mailbox", details);

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

    /// <summary>An automatic block of an address (<see cref="SecurityEventType.AddressBlocked"/> or <see cref="SecurityEventType.HoneypotNameUsed"/>).</summary>
    public static SecurityEvent AutomaticBlock(SecurityEventType type, string address, string reason, AutomaticBlockDetails details, DateTimeOffset at) =>
        Create(type, SecurityEventSeverity.Warning, at, SecurityEvent.SystemActor, userId: null, userName: null, address, reason, details);

    public static SecurityEvent AutomaticBlockRefused(string address, string reason, AutomaticBlockRefusedDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.AutomaticBlockRefused, SecurityEventSeverity.Critical, at, SecurityEvent.SystemActor, userId: null, userName: null, address, reason, details);

    /// <summary>Redis lost (<see cref="SecurityEventType.SharedStateUnavailable"/>) or back (<see cref="SecurityEventType.SharedStateRestored"/>).</summary>
    public static SecurityEvent SharedState(SecurityEventType type, SecurityEventSeverity severity, string reason, SharedStateDetails details, DateTimeOffset at) =>
        Create(type, severity, at, SecurityEvent.SystemActor, userId: null, userName: null, address: null, reason, details);

    /// <summary>A retention run; Warning when mail was given up undelivered.</summary>
    public static SecurityEvent AttemptsPurged(string reason, AttemptsPurgedDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.AttemptsPurged, details.Undelivered > 0 ? SecurityEventSeverity.Warning : SecurityEventSeverity.Info,
            at, SecurityEvent.SystemActor, userId: null, userName: null, address: null, reason, details);

    /// <summary>Sessions ended by someone (an admin, the account's owner, or the system) from an address.</summary>
    public static SecurityEvent SessionsRevoked(string actor, string userId, string? accountKey, string? address, string reason, SessionsRevokedDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.SessionsRevoked, SecurityEventSeverity.Info, at, actor, userId, accountKey, address, reason, details);

    /// <summary>
    /// A change to an account's own sign-in secrets (password, second factor, passkeys, email), by its owner or, with no
    /// request behind it, by the system. Turning the second factor off and changing the email are Warning.
    /// </summary>
    public static SecurityEvent AccountChange(SecurityEventType type, string actor, string userId, string? accountKey, string? address, DateTimeOffset at) =>
        Create(type, type is SecurityEventType.TwoFactorDisabled or SecurityEventType.EmailChanged ? SecurityEventSeverity.Warning : SecurityEventSeverity.Info,
            at, actor, userId, accountKey, address, reason: null, details: null);

    /// <summary>One grant refreshed more often within an hour than <c>Tokens:RefreshAlertPerHour</c>: Warning, by the system.</summary>
    public static SecurityEvent TokenRefreshBurst(string userId, string? accountKey, string reason, ApplicationDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.TokenRefreshBurst, SecurityEventSeverity.Warning, at, SecurityEvent.SystemActor, userId, accountKey, address: null, reason, details);

    /// <summary>An application locked after too many wrong client secrets: Critical, by the system.</summary>
    public static SecurityEvent ApplicationLocked(string reason, ApplicationDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.ApplicationLocked, SecurityEventSeverity.Critical, at, SecurityEvent.SystemActor, userId: null, userName: null, address: null, reason, details);

    /// <summary>The account's owner took an application's access away (its grants, tokens and sign-ins).</summary>
    public static SecurityEvent ApplicationAccessRevoked(string actor, string userId, string? accountKey, string? address, ApplicationDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.ApplicationAccessRevoked, SecurityEventSeverity.Info, at, actor, userId, accountKey, address, "Access revoked by the account's owner", details);

    /// <summary>Known devices made strangers again by someone (an admin, or a password change).</summary>
    public static SecurityEvent KnownDevicesRevoked(string actor, string userId, string? accountKey, string? address, string reason, KnownDevicesRevokedDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.KnownDevicesRevoked, SecurityEventSeverity.Info, at, actor, userId, accountKey, address, reason, details);

    public static SecurityEvent PolicyChanged(ConsoleActor actor, string reason, PolicyChangedDetails details, DateTimeOffset at) =>
        Create(SecurityEventType.PolicyChanged, SecurityEventSeverity.Warning, at, actor.Name, userId: null, userName: null, actor.Address, reason, details);

    /// <summary>An admin's change to a webhook endpoint, or a delivery retried.</summary>
    public static SecurityEvent WebhookAction(SecurityEventType type, ConsoleActor actor, string reason, WebhookEndpointDetails details, DateTimeOffset at) =>
        Create(type, SecurityEventSeverity.Info, at, actor.Name, userId: null, userName: null, actor.Address, reason, details);

    /// <summary>An admin's change to an application that signs users in here; disabling and deleting one are Warning.</summary>
    public static SecurityEvent ApplicationAction(SecurityEventType type, ConsoleActor actor, string reason, ApplicationDetails details, DateTimeOffset at) =>
        Create(type, type is SecurityEventType.ApplicationDisabled or SecurityEventType.ApplicationDeleted ? SecurityEventSeverity.Warning : SecurityEventSeverity.Info,
            at, actor.Name, userId: null, userName: null, actor.Address, reason, details);

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
