using AdminConsole.Core.Attempts;
using AdminConsole.Core.Lockout;
using Microsoft.AspNetCore.Http;

using AdminConsole.Core.SignIn;

namespace AdminConsole.Core.Identity;

/// <summary>
/// Identity's user manager with our lockout underneath: the hooks that Identity's own flows call (two-factor
/// failures, lock checks, password reset) read and write <see cref="AccountLockout"/> through
/// <see cref="LoginAttemptRecorder"/>, atomically and on <see cref="TimeProvider"/> time.
/// </summary>
public sealed class AppUserManager(
    Audit.ISecurityEventLog eventLog,
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger,
    IHttpContextAccessor contextAccessor,
    LoginAttemptRecorder recorder,
    Sessions.SessionStore sessions,
    RequestDevice device,
    KnownDeviceStore devices,
    LockoutStore lockouts,
    DeviceLanePolicy lanes,
    Data.SecurityDbContext db,
    TimeProvider time)
    : AspNetUserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>
    /// A name that failed or locked before anyone owned it (a phantom, counted like an account, ASVS 6.3.8) does not
    /// pass its counts to the account created for it: registration, invitation and seeding all start clean.
    /// </summary>
    public override async Task<IdentityResult> CreateAsync(AppUser user)
    {
        var result = await base.CreateAsync(user);
        if (result.Succeeded)
        {
            await lockouts.ForgetUnknownNameAsync(user.NormalizedUserName ?? "", CancellationToken);
        }

        return result;
    }

    public override async Task<bool> IsLockedOutAsync(AppUser user)
    {
        var key = user.NormalizedUserName ?? "";
        var state = await recorder.GetStateAsync(key, CancellationToken);
        return lanes.Choose(state, await device.FindAsync(key, CancellationToken), user.IsDisabled, time.GetUtcNow()) == SignInLane.Refused;
    }

    /// <summary>A failed second factor counts like a wrong password, in the same atomic statement.</summary>
    public override async Task<IdentityResult> AccessFailedAsync(AppUser user)
    {
        await recorder.RecordFailureAsync(Attempt(user, LoginOutcome.WrongSecondFactor), CancellationToken, await device.FindAsync(user.NormalizedUserName ?? "", CancellationToken));
        return IdentityResult.Success;
    }

    /// <summary>Called by Identity when a second factor succeeds: reset the counters unless locked meanwhile.</summary>
    public override async Task<IdentityResult> ResetAccessFailedCountAsync(AppUser user)
    {
        var key = user.NormalizedUserName ?? "";
        var known = await device.FindAsync(key, CancellationToken);
        var decision = await recorder.RecordSuccessAsync(Attempt(user, LoginOutcome.Succeeded), CancellationToken, known, newDevice: known is not { Revoked: false });
        if (decision.IsLocked)
        {
            return IdentityResult.Failed(new IdentityError { Code = "LockedOut", Description = SignInMessages.Failed });
        }

        await device.RememberAsync(user.Id, key, CancellationToken);
        return IdentityResult.Success;
    }

    /// <summary>A device that knew the old password is a stranger again (its device cookie is revoked).</summary>
    public override async Task<IdentityResult> ChangePasswordAsync(AppUser user, string currentPassword, string newPassword) =>
        await ChangedAsync(user, await RevokeDevicesOnSuccessAsync(user, await base.ChangePasswordAsync(user, currentPassword, newPassword), "password change"), Audit.SecurityEventType.PasswordChanged);

    public override async Task<IdentityResult> AddPasswordAsync(AppUser user, string password) =>
        await ChangedAsync(user, await RevokeDevicesOnSuccessAsync(user, await base.AddPasswordAsync(user, password), "password change"), Audit.SecurityEventType.PasswordChanged);

    // Each change to the account's own sign-in secrets is a security event: the audit log, the owner's activity page.
    public override async Task<IdentityResult> SetTwoFactorEnabledAsync(AppUser user, bool enabled) =>
        await GetTwoFactorEnabledAsync(user) == enabled
            ? await base.SetTwoFactorEnabledAsync(user, enabled)
            : await ChangedAsync(user, await base.SetTwoFactorEnabledAsync(user, enabled), enabled ? Audit.SecurityEventType.TwoFactorEnabled : Audit.SecurityEventType.TwoFactorDisabled);

    public override async Task<IdentityResult> ResetAuthenticatorKeyAsync(AppUser user) =>
        await ChangedAsync(user, await base.ResetAuthenticatorKeyAsync(user), Audit.SecurityEventType.AuthenticatorReset);

    public override async Task<IEnumerable<string>?> GenerateNewTwoFactorRecoveryCodesAsync(AppUser user, int number)
    {
        var codes = await base.GenerateNewTwoFactorRecoveryCodesAsync(user, number);
        await ChangedAsync(user, codes is null ? IdentityResult.Failed() : IdentityResult.Success, Audit.SecurityEventType.RecoveryCodesGenerated);
        return codes;
    }

    public override async Task<IdentityResult> AddOrUpdatePasskeyAsync(AppUser user, UserPasskeyInfo passkey)
    {
        var added = await GetPasskeyAsync(user, passkey.CredentialId) is null;
        var result = await base.AddOrUpdatePasskeyAsync(user, passkey);
        return added ? await ChangedAsync(user, result, Audit.SecurityEventType.PasskeyAdded) : result; // a new name is no security change
    }

    public override async Task<IdentityResult> RemovePasskeyAsync(AppUser user, byte[] credentialId) =>
        await ChangedAsync(user, await base.RemovePasskeyAsync(user, credentialId), Audit.SecurityEventType.PasskeyRemoved);

    public override async Task<IdentityResult> ChangeEmailAsync(AppUser user, string newEmail, string token) =>
        await ChangedAsync(user, await base.ChangeEmailAsync(user, newEmail, token), Audit.SecurityEventType.EmailChanged);

    /// <summary>A reset proves mailbox access: it clears a temporary lock and the count, never an admin-only lock.</summary>
    public override async Task<IdentityResult> ResetPasswordAsync(AppUser user, string token, string newPassword)
    {
        var result = await ChangedAsync(user, await RevokeDevicesOnSuccessAsync(user, await base.ResetPasswordAsync(user, token, newPassword), "password reset"), Audit.SecurityEventType.PasswordChanged);
        if (result.Succeeded)
        {
            await recorder.ClearTemporaryLockAsync(
                user.NormalizedUserName ?? "", user.Id, ClientInfo.From(contextAccessor.HttpContext).Address, CancellationToken);

            // Whoever knew the old password is signed out everywhere, browsers and API clients alike.
            await sessions.EndWithinAsync(user.Id, sessionId: null, user.UserName ?? "user", "Password reset", CancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Writes the change's security event once it has succeeded: by the account's owner when a request is behind it,
    /// else by the system (seeding, the command line).
    /// </summary>
    private async Task<IdentityResult> ChangedAsync(AppUser user, IdentityResult result, Audit.SecurityEventType type)
    {
        if (result.Succeeded)
        {
            var http = contextAccessor.HttpContext;
            await eventLog.AddAsync(db, Audit.SecurityEvents.AccountChange(
                type, http is null ? Audit.SecurityEvent.SystemActor : user.Email ?? user.UserName ?? "user", user.Id, user.NormalizedUserName,
                http is null ? null : ClientInfo.From(http).Address, time.GetUtcNow()), CancellationToken);
            await db.SaveChangesAsync(CancellationToken);
        }

        return result;
    }

    private async Task<IdentityResult> RevokeDevicesOnSuccessAsync(AppUser user, IdentityResult result, string cause)
    {
        if (result.Succeeded && user.PasswordChangeRequired)
        {
            // A new password passed the common-password check: the forced change is done.
            user.PasswordChangeRequired = false;
            result = await UpdateUserAsync(user);
        }

        if (result.Succeeded)
        {
            await devices.RevokeAllAsync(user.Id, user.NormalizedUserName, cause, ClientInfo.From(contextAccessor.HttpContext).Address, $"Devices end with a {cause}", CancellationToken);
        }

        return result;
    }

    private LoginAttempt Attempt(AppUser user, LoginOutcome outcome)
    {
        var attempt = ClientInfo.From(contextAccessor.HttpContext).Attempt(user.NormalizedUserName ?? "", user.Id);
        attempt.Outcome = outcome;
        return attempt;
    }
}
