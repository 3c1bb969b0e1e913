using AdminConsole.Core.Attempts;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace AdminConsole.Core.Identity;

/// <summary>
/// The one sign-in pipeline. Every password sign-in (form, API, any caller of Identity's password methods) runs
/// <see cref="SignInCoreAsync"/>: locked names are rejected before hashing, the hash waits its turn within bounds
/// (<see cref="HashAdmission"/>) or is answered busy at once, unknown names hash a dummy so timing matches, failures are counted atomically, the lock wins over a concurrent correct password, every outcome is
/// recorded, and a storage fault refuses the sign-in (fail closed). The <c>lockoutOnFailure</c> flag is ignored:
/// protection cannot be switched off per call.
/// </summary>
public sealed class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    LoginAttemptRecorder recorder,
    LockoutPolicy policy,
    HashAdmission admission,
    RequestDevice devices,
    DeviceLanePolicy lanes,
    RejectionSummary rejections,
    SignInSignals signals,
    SignInRisk risk,
    Location.LocationSignals places,
    IOptionsMonitor<ConsoleOptions> console,
    TimeProvider time)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly AppUser DummyUser = new();
    private readonly IHttpContextAccessor accessor = contextAccessor;
    private static string? dummyHash;

    /// <summary>Set while a passkey signs in, so the cookie records it as such (<see cref="AuthenticationMethods"/>).</summary>
    private string? authenticationMethod;

    /// <summary>Set when this request's sign-in scored above <c>Risk:StepUpAbove</c>: a remembered browser is not enough.</summary>
    private bool steppedUp;

    public override Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure) =>
        GuardedAsync(async cancellationToken =>
            await SignInCoreAsync(userName, () => UserManager.FindByNameAsync(userName), password, isPersistent, signIn: true, cancellationToken));

    /// <summary>
    /// For callers that already hold the user, such as the reset page after a valid reset link: counted and locked
    /// like any sign-in, but not challenged, since no typed name reaches it.
    /// </summary>
    public override Task<SignInResult> PasswordSignInAsync(AppUser user, string password, bool isPersistent, bool lockoutOnFailure) =>
        GuardedAsync(cancellationToken => SignInCoreAsync(user.UserName ?? "", () => Task.FromResult<AppUser?>(user), password, isPersistent, signIn: true, cancellationToken,
            challengeable: false));

    public override Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure) =>
        GuardedAsync(cancellationToken => SignInCoreAsync(user.UserName ?? "", () => Task.FromResult<AppUser?>(user), password, isPersistent: false, signIn: false, cancellationToken,
            challengeable: false));

    /// <summary>
    /// The same pipeline for a typed name, without a cookie: for API clients that receive tokens. Unknown names cost
    /// the same hash and get the same answers; a second factor, when the account has one, is still required.
    /// </summary>
    public Task<SignInResult> CheckPasswordByNameAsync(string userName, string password) =>
        GuardedAsync(cancellationToken => SignInCoreAsync(userName, () => UserManager.FindByNameAsync(userName), password, isPersistent: false, signIn: false, cancellationToken));

    /// <summary>
    /// A signed-in person proving the current password again (changing it, deleting the account): the same counted
    /// pipeline, so guesses from a stolen session count and lock like any other; no cookie, no second step.
    /// </summary>
    public Task<SignInResult> VerifyCurrentPasswordAsync(AppUser user, string password) =>
        GuardedAsync(cancellationToken => SignInCoreAsync(user.UserName ?? "", () => Task.FromResult<AppUser?>(user), password,
            isPersistent: false, signIn: false, cancellationToken, reauthenticate: true, challengeable: false));

    public override async Task<bool> CanSignInAsync(AppUser user) => !user.IsDisabled && await base.CanSignInAsync(user);

    /// <summary>
    /// Passkeys go through the same recording and the same lock check: a valid passkey does not open an account
    /// that is locked, and every passkey attempt is recorded.
    /// </summary>
    public override Task<SignInResult> PasskeySignInAsync(string credentialJson) => GuardedAsync(async (cancellationToken) =>
    {
        var assertion = await PerformPasskeyAssertionAsync(credentialJson);
        var attempt = NewAttempt(AccountNames.Key(assertion.User?.UserName ?? ""), assertion.User);
        if (!assertion.Succeeded || assertion.User is not { } user)
        {
            attempt.Outcome = LoginOutcome.InvalidPasskey;
            await recorder.RecordAsync(attempt, cancellationToken);
            SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, attempt.Outcome);
            return SignInResult.Failed;
        }

        authenticationMethod = AuthenticationMethods.Passkey;
        var device = await devices.FindAsync(attempt.UserName, cancellationToken);
        var result = await CompleteAsync(user, attempt, isPersistent: false, signIn: true, bypassTwoFactor: true, device, mustChangePassword: false, cancellationToken);
        if (result.Succeeded)
        {
            await UserManager.AddOrUpdatePasskeyAsync(user, assertion.Passkey!);
        }

        return result;
    });

    /// <summary>A passkey sign-in is recorded as proof of possession (multi-factor), not as a password.</summary>
    public override Task SignInWithClaimsAsync(AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        if (authenticationMethod is { } method)
        {
            additionalClaims = [.. additionalClaims.Where(c => c.Type != AuthenticationMethods.ClaimType), new System.Security.Claims.Claim(AuthenticationMethods.ClaimType, method)];
        }

        return base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
    }

    /// <summary>
    /// "Remember this machine" skips the second factor, except for console roles while the console requires one:
    /// their every sign-in proves both factors.
    /// </summary>
    public override async Task<bool> IsTwoFactorClientRememberedAsync(AppUser user) =>
        !steppedUp && await base.IsTwoFactorClientRememberedAsync(user) && !(console.CurrentValue.RequireTwoFactor && await IsConsoleRoleAsync(user));

    public override Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient) =>
        GuardedAsync(_ => base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient));

    /// <summary>A wrong recovery code counts like a wrong password (Identity counts nothing for it).</summary>
    public override Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode) => GuardedAsync(async _ =>
    {
        // The user is looked up only after a failure: before, it would track a second copy of the user the base
        // class updates when the code is right.
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (!result.Succeeded && !result.IsLockedOut && !result.IsNotAllowed && await GetTwoFactorAuthenticationUserAsync() is { } user)
        {
            await UserManager.AccessFailedAsync(user);
        }

        return result;
    });

    /// <summary>
    /// The second step for clients that get no cookie (tokens): the lock is checked first, a wrong authenticator or
    /// recovery code is counted like a wrong password, and a right one resets the counters unless a lock won.
    /// </summary>
    public Task<SignInResult> CheckSecondFactorAsync(AppUser user, string? authenticatorCode, string? recoveryCode) => GuardedAsync(async cancellationToken =>
    {
        if (await PreSignInCheck(user) is { } refused)
        {
            return refused.IsLockedOut ? await LockedAnswerAsync(user, cancellationToken) : refused;
        }

        var valid = authenticatorCode is not null
            ? await UserManager.VerifyTwoFactorTokenAsync(user, Options.Tokens.AuthenticatorTokenProvider, authenticatorCode)
            : recoveryCode is not null && (await UserManager.RedeemTwoFactorRecoveryCodeAsync(user, recoveryCode)).Succeeded;
        if (!valid)
        {
            await UserManager.AccessFailedAsync(user);
            return await UserManager.IsLockedOutAsync(user) ? await LockedAnswerAsync(user, cancellationToken) : SignInResult.Failed;
        }

        return (await UserManager.ResetAccessFailedCountAsync(user)).Succeeded ? SignInResult.Success : await LockedAnswerAsync(user, cancellationToken);
    });

    private async Task<SignInResult> LockedAnswerAsync(AppUser user, CancellationToken cancellationToken)
    {
        var state = await recorder.GetStateAsync(AccountNames.Key(user.UserName ?? ""), cancellationToken);
        return AppSignInResult.From(policy.Describe(state, counted: false, time.GetUtcNow()));
    }

    private async Task<bool> IsConsoleRoleAsync(AppUser user) =>
        await UserManager.IsInRoleAsync(user, AppRoles.SecurityAdmin) || await UserManager.IsInRoleAsync(user, AppRoles.SecurityViewer);

    /// <summary>
    /// The password pipeline; every caller runs it inside <see cref="GuardedAsync"/>. Admission comes first, so a
    /// sign-in turned away costs no database read or write; the slot is held until the hash is done.
    /// </summary>
    private async Task<SignInResult> SignInCoreAsync(
        string typedName, Func<Task<AppUser?>> findUser, string password, bool isPersistent, bool signIn, CancellationToken cancellationToken,
        bool reauthenticate = false, bool challengeable = true)
    {
        AppUser? user;
        LoginAttempt attempt;
        LockoutState state;
        KnownDeviceState? device;
        SignInLane lane;
        SignInAssessment assessment;
        DateTimeOffset now;
        var correct = false;
        var mustChangePassword = false;
        var key = AccountNames.Key(typedName);
        var ticket = admission.TicketFor(accessor.HttpContext, key);
        using (var lease = await admission.AcquireAsync(ticket, cancellationToken))
        {
            if (!lease.IsAcquired)
            {
                // More hashes are running and waiting than the machine can answer in time: say so now, count no
                // failure, and record it like other refusals before the password check (no write per request).
                rejections.Count(ClientInfo.From(accessor.HttpContext).Address, LoginOutcome.Throttled);
                return admission.Busy(ticket);
            }

            user = await findUser();
            attempt = NewAttempt(key, user);
            now = time.GetUtcNow();
            state = await recorder.GetStateAsync(attempt.UserName, cancellationToken);
            device = user is null ? null : await devices.FindAsync(key, cancellationToken);
            // Known means a valid cookie for this account whose device is not revoked: a revoked laptop is a stranger.
            assessment = await risk.AssessAsync(
                state, ticket.Lane == HashAdmission.Lane.KnownDevice && device is { Revoked: false }, ticket.Lane == HashAdmission.Lane.Exempt,
                attempt.Address, now, cancellationToken);
            attempt.RiskScore = assessment.Score;
            if (assessment.Challenge && challengeable && admission.Challenges && ticket.Lane != HashAdmission.Lane.Solved)
            {
                // After a few failures of this name or from this address, or a high risk: nothing is checked,
                // counted or told until a solved puzzle comes with the try (one SHA-256 to check). Unknown names
                // have the same counters, so they are challenged alike.
                return Challenge(attempt);
            }

            lane = lanes.Choose(state, device, user?.IsDisabled == true, now);
            if (lane != SignInLane.Refused)
            {
                correct = user is null ? VerifyDummy(password) : await UserManager.CheckPasswordAsync(user, password);
                mustChangePassword = correct && signals.RequiresChange(password);
            }
        }

        if (lane == SignInLane.Refused)
        {
            // Locked: answered before any hash. Phantom locks on unknown names take this same path, and so does a
            // known device when the lock reaches every device or the device is locked or revoked itself.
            attempt.Outcome = LoginOutcome.LockedOut;
            attempt.Tier = state.Tier;
            await recorder.RecordAsync(attempt, cancellationToken);
            SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, attempt.Outcome);
            return AppSignInResult.From(policy.Describe(state, counted: false, now));
        }

        if (!correct || user is null)
        {
            attempt.Outcome = user is null ? LoginOutcome.UnknownUser : LoginOutcome.WrongPassword;
            var honeypot = user is null && signals.IsHoneypot(typedName);
            var fingerprint = honeypot ? null : await signals.WrongPasswordFingerprintAsync(key, password, cancellationToken);
            var decision = await recorder.RecordFailureAsync(attempt, cancellationToken, device, fingerprint, honeypot);
            SignInLog.Failed(Logger, attempt.UserName, attempt.Address, attempt.Outcome, decision.Verdict, decision.State.Failures);
            return AppSignInResult.From(ForThisDevice(decision, device));
        }

        // The place is read once, after a right password: it changes no answer (SignInRisk.WithLocation), so a wrong
        // one costs no location reads, and the same reading scores the sign-in and raises the location events.
        var place = await places.EvaluateAsync(attempt, cancellationToken);
        assessment = risk.WithLocation(assessment, place);
        attempt.RiskScore = assessment.Score;
        return await CompleteAsync(user, attempt, isPersistent, signIn, bypassTwoFactor: reauthenticate, device, mustChangePassword, cancellationToken, assessment.StepUp, place);
    }

    /// <summary>A try that must bring a solved puzzle first: counted in the per-minute summary as challenged, nothing else.</summary>
    private AppSignInResult Challenge(LoginAttempt attempt)
    {
        rejections.Count(attempt.Address, LoginOutcome.Challenged);
        SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, LoginOutcome.Challenged);
        return admission.Challenge();
    }

    /// <summary>After a valid credential: may the account sign in, is a second factor due, and does a lock win?</summary>
    private async Task<SignInResult> CompleteAsync(
        AppUser user, LoginAttempt attempt, bool isPersistent, bool signIn, bool bypassTwoFactor, KnownDeviceState? device, bool mustChangePassword,
        CancellationToken cancellationToken, bool stepUp = false, Location.LocationSignal? place = null)
    {
        if (!await CanSignInAsync(user))
        {
            attempt.Outcome = LoginOutcome.NotAllowed;
            await recorder.RecordAsync(attempt, cancellationToken);
            SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, attempt.Outcome);
            return AppSignInResult.NotAllowed();
        }

        if (mustChangePassword && !user.PasswordChangeRequired)
        {
            // A correct but common password: the session that follows reaches only the change-password page
            // (AppClaimsPrincipalFactory), and the API issues nothing until it is changed.
            await recorder.RequirePasswordChangeAsync(attempt, cancellationToken);
            user.PasswordChangeRequired = true;
        }

        // A credential check without a cookie (token clients) never skips a second factor: it has no remembered client.
        // Nor does a sign-in whose risk is above Risk:StepUpAbove.
        steppedUp = stepUp;
        if (!bypassTwoFactor && await IsTwoFactorEnabledAsync(user) && (!signIn || !await IsTwoFactorClientRememberedAsync(user)))
        {
            // The lock is read again after the hash: a correct password racing a locking failure does not reach the
            // second step, unless the request's known device has a lane through that lock. The counters reset only
            // when the second factor succeeds too, as Identity does.
            var again = await recorder.GetStateAsync(attempt.UserName, cancellationToken);
            if (lanes.Choose(again, device, disabled: false, time.GetUtcNow()) == SignInLane.Refused)
            {
                attempt.Outcome = LoginOutcome.LockedOut;
                attempt.Tier = again.Tier;
                await recorder.RecordAsync(attempt, cancellationToken);
                return AppSignInResult.From(policy.Describe(again, counted: false, time.GetUtcNow()));
            }

            attempt.Outcome = LoginOutcome.RequiresTwoFactor;
            await recorder.RecordAsync(attempt, cancellationToken);
            SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, attempt.Outcome);
            return signIn ? await SignInOrTwoFactorAsync(user, isPersistent) : SignInResult.TwoFactorRequired;
        }

        attempt.Outcome = LoginOutcome.Succeeded;
        var success = await recorder.RecordSuccessAsync(attempt, cancellationToken, device, newDevice: signIn && device is not { Revoked: false }, place);
        if (success.IsLocked)
        {
            // Another request locked the account while this credential was being checked: the lock wins.
            SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, LoginOutcome.LockedOut);
            return AppSignInResult.From(success);
        }

        SignInLog.Succeeded(Logger, attempt.UserName, attempt.Address);
        if (signIn)
        {
            await devices.RememberAsync(user.Id, attempt.UserName, cancellationToken);
        }

        return signIn ? await SignInOrTwoFactorAsync(user, isPersistent, bypassTwoFactor: bypassTwoFactor) : AppSignInResult.Success();
    }

    /// <summary>
    /// "N attempts left" is for the account's owner, not for whoever typed the name: only a device holding a device
    /// cookie for this account (it signed in to it before, and was not revoked since) is told the number; every other caller gets the same
    /// answer without it, whether the name exists or not (ASVS 6.3.8), and learns nothing about how close a
    /// guess is to locking someone out.
    /// </summary>
    private static LockoutDecision ForThisDevice(LockoutDecision decision, KnownDeviceState? device) =>
        decision.AttemptsRemaining is null || device is { Revoked: false } ? decision : decision with { AttemptsRemaining = null };

    /// <summary>ASVS 16.5.3: a sign-in whose record or decision cannot be written is refused, never let through.</summary>
    private async Task<SignInResult> GuardedAsync(Func<CancellationToken, Task<SignInResult>> pipeline)
    {
        try
        {
            return await pipeline(accessor.HttpContext?.RequestAborted ?? CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SignInLog.StorageFault(Logger, ex);
            return AppSignInResult.Unavailable();
        }
    }

    private LoginAttempt NewAttempt(string accountKey, AppUser? user)
    {
        var attempt = ClientInfo.From(accessor.HttpContext).Attempt(accountKey, user?.Id);
        attempt.ClientId = OpenId.OpenIdRequestClient.OfSignIn(accessor.HttpContext);
        return attempt;
    }

    /// <summary>Unknown user names cost one hash too, so response time does not reveal them (ASVS 6.3.8).</summary>
    private bool VerifyDummy(string password)
    {
        dummyHash ??= UserManager.PasswordHasher.HashPassword(DummyUser, Guid.NewGuid().ToString());
        UserManager.PasswordHasher.VerifyHashedPassword(DummyUser, dummyHash, password);
        return false;
    }
}
