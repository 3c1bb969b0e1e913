using AdminConsole.Core.Attempts;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

using AdminConsole.Core.Identity;

namespace AdminConsole.Core.SignIn;

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

    /// <summary>
    /// The one method for "a password and, when the account needs one, a second factor": the sign-in form (and so
    /// the authorize endpoint, which sends people to it), the JSON sign-in API and the token API all come here.
    /// </summary>
    public Task<SignInResult> PasswordAndSecondFactorAsync(PasswordSignIn request) =>
        GuardedAsync(cancellationToken => SignInAsync(
            new Call(request.Name, () => UserManager.FindByNameAsync(request.Name), request.Password, request.SetsCookie, request.Persistent)
            {
                AuthenticatorCode = request.AuthenticatorCode,
                RecoveryCode = request.RecoveryCode,
            },
            cancellationToken));

    /// <summary>Identity's entry for the sign-in form: <see cref="PasswordAndSecondFactorAsync"/> with the cookie.</summary>
    public override Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure) =>
        PasswordAndSecondFactorAsync(new PasswordSignIn(userName, password) { Persistent = isPersistent });

    /// <summary>
    /// For callers that already hold the user, such as the reset page after a valid reset link: counted and locked
    /// like any sign-in, but not challenged, since no typed name reaches it.
    /// </summary>
    public override Task<SignInResult> PasswordSignInAsync(AppUser user, string password, bool isPersistent, bool lockoutOnFailure) =>
        GuardedAsync(cancellationToken => SignInAsync(
            new Call(user.UserName ?? "", () => Task.FromResult<AppUser?>(user), password, SetsCookie: true, isPersistent) { Challengeable = false },
            cancellationToken));

    public override Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure) =>
        GuardedAsync(cancellationToken => SignInAsync(
            new Call(user.UserName ?? "", () => Task.FromResult<AppUser?>(user), password, SetsCookie: false, Persistent: false) { Challengeable = false },
            cancellationToken));

    /// <summary>
    /// A signed-in person proving the current password again (changing it, deleting the account): the same counted
    /// pipeline, so guesses from a stolen session count and lock like any other; no cookie, no second step.
    /// </summary>
    public Task<SignInResult> VerifyCurrentPasswordAsync(AppUser user, string password) =>
        GuardedAsync(cancellationToken => SignInAsync(
            new Call(user.UserName ?? "", () => Task.FromResult<AppUser?>(user), password, SetsCookie: false, Persistent: false)
            {
                Reauthenticate = true,
                Challengeable = false,
            },
            cancellationToken));

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
        var call = new Call(user.UserName ?? "", () => Task.FromResult<AppUser?>(user), "", SetsCookie: true, Persistent: false) { Reauthenticate = true };
        var result = await CompleteAsync(user, attempt, call, device, mustChangePassword: false, cancellationToken);
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
    /// Step 8 with the code in the same request (the JSON and token APIs): after the lock check of step 8, a wrong
    /// authenticator or recovery code is counted like a wrong password (<see cref="AppUserManager.AccessFailedAsync"/>),
    /// and a right one resets the counters unless a lock won (<see cref="AppUserManager.ResetAccessFailedCountAsync"/>).
    /// </summary>
    private async Task<SignInResult> CheckSecondFactorAsync(AppUser signingIn, Call call, CancellationToken cancellationToken)
    {
        // The recorder has just cleared the context: read the user again, so that redeeming a recovery code updates
        // the row the context tracks, with its current concurrency stamp.
        // Whether the account may sign in and whether a lock holds for this device were checked in step 8 just before
        // (CompleteAsync); a lock that races the code is caught when the success is recorded.
        var user = await UserManager.FindByIdAsync(signingIn.Id) ?? signingIn;
        var valid = call.AuthenticatorCode is not null
            ? await UserManager.VerifyTwoFactorTokenAsync(user, Options.Tokens.AuthenticatorTokenProvider, call.AuthenticatorCode)
            : call.RecoveryCode is not null && (await UserManager.RedeemTwoFactorRecoveryCodeAsync(user, call.RecoveryCode)).Succeeded;
        if (!valid)
        {
            await UserManager.AccessFailedAsync(user);
            return await UserManager.IsLockedOutAsync(user) ? await LockedAnswerAsync(user, cancellationToken) : SignInResult.Failed;
        }

        if (!(await UserManager.ResetAccessFailedCountAsync(user)).Succeeded)
        {
            return await LockedAnswerAsync(user, cancellationToken);
        }

        if (call.SetsCookie)
        {
            await SignInWithClaimsAsync(user, call.Persistent, [new System.Security.Claims.Claim(AuthenticationMethods.ClaimType, AuthenticationMethods.MultiFactor)]);
        }

        return AppSignInResult.Success();
    }

    private async Task<SignInResult> LockedAnswerAsync(AppUser user, CancellationToken cancellationToken)
    {
        var state = await recorder.GetStateAsync(AccountNames.Key(user.UserName ?? ""), cancellationToken);
        return AppSignInResult.From(policy.Describe(state, counted: false, time.GetUtcNow()));
    }

    private async Task<bool> IsConsoleRoleAsync(AppUser user) =>
        await UserManager.IsInRoleAsync(user, AppRoles.SecurityAdmin) || await UserManager.IsInRoleAsync(user, AppRoles.SecurityViewer);

    /// <summary>
    /// One password sign-in, top to bottom; every caller runs it inside <see cref="GuardedAsync"/>. The steps:
    /// 1 admission, 2 the account, 3 risk and the challenge, 4 the device lane, 5 the hash, 6 signals,
    /// 7 recording and locks, 8 the second factor, 9 the result. Step 7's recorder writes each security event with
    /// what it causes (a notification, mails, webhook deliveries) through <c>Audit/ISecurityEventLog.cs</c>, in the
    /// same transaction as the attempt and the counters.
    /// </summary>
    private async Task<SignInResult> SignInAsync(Call call, CancellationToken cancellationToken)
    {
        var key = AccountNames.Key(call.TypedName);
        var ticket = admission.TicketFor(accessor.HttpContext, key);
        AppUser? user;
        LoginAttempt attempt;
        LockoutState state;
        KnownDeviceState? device;
        SignInAssessment assessment;
        SignInLane lane;
        DateTimeOffset now;
        var correct = false;

        // 1. Admission: a slot for the hash, held until the hash is done. A full lane is answered busy at once,
        //    counted in the per-minute summary only: no database read or write, no failure counted.
        using (var lease = await admission.AcquireAsync(ticket, cancellationToken))
        {
            if (!lease.IsAcquired)
            {
                rejections.Count(ClientInfo.From(accessor.HttpContext).Address, LoginOutcome.Throttled);
                return admission.Busy(ticket);
            }

            // 2. The account: the user (null for an unknown name), the attempt to record, the name's lock and
            //    the request's device for this name.
            user = await call.FindUser();
            attempt = NewAttempt(key, user);
            now = time.GetUtcNow();
            state = await recorder.GetStateAsync(attempt.UserName, cancellationToken);
            device = user is null ? null : await devices.FindAsync(key, cancellationToken);

            // 3. Risk before the hash. After a few failures of this name or from this address, or a high score,
            //    nothing is checked, counted or told until a solved puzzle comes with the try (one SHA-256 to
            //    check). Unknown names have the same counters, so they are challenged alike. Known means a valid
            //    cookie for this account whose device is not revoked: a revoked laptop is a stranger.
            assessment = await risk.AssessAsync(
                state, ticket.Lane == HashAdmission.Lane.KnownDevice && device is { Revoked: false }, ticket.Lane == HashAdmission.Lane.Exempt,
                attempt.Address, now, cancellationToken);
            attempt.RiskScore = assessment.Score;
            if (assessment.Challenge && call.Challengeable && admission.Challenges && ticket.Lane != HashAdmission.Lane.Solved)
            {
                return Challenge(attempt);
            }

            // 4. The device lane: whether the lock holds for this device (DeviceLanePolicy).
            lane = lanes.Choose(state, device, user?.IsDisabled == true, now);

            // 5. The hash, only when the lane is open. Unknown names hash a dummy, so their timing matches.
            if (lane != SignInLane.Refused)
            {
                correct = user is null ? VerifyDummy(call.Password) : await UserManager.CheckPasswordAsync(user, call.Password);
            }
        }

        if (lane == SignInLane.Refused)
        {
            // 4, answered: locked, before any hash. Phantom locks on unknown names take this path, and so does a known
            // device when the lock reaches every device or the device is locked or revoked itself.
            attempt.Outcome = LoginOutcome.LockedOut;
            attempt.Tier = state.Tier;
            await recorder.RecordAsync(attempt, cancellationToken);
            SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, attempt.Outcome);
            return AppSignInResult.From(policy.Describe(state, counted: false, now));
        }

        if (!correct || user is null)
        {
            // 6. Signals of a failure: a honeypot name blocks the address; a wrong password already tried on the
            //    name is a repeat that counts nowhere (SignInSignals).
            attempt.Outcome = user is null ? LoginOutcome.UnknownUser : LoginOutcome.WrongPassword;
            var honeypot = user is null && signals.IsHoneypot(call.TypedName);
            var fingerprint = honeypot ? null : await signals.WrongPasswordFingerprintAsync(key, call.Password, cancellationToken);

            // 7. Recording and locks: the attempt, the name's counters, the device's and the address's, and the lock
            //    with its security event, in one transaction (LoginAttemptRecorder.RecordFailureAsync).
            var decision = await recorder.RecordFailureAsync(attempt, cancellationToken, device, fingerprint, honeypot);
            SignInLog.Failed(Logger, attempt.UserName, attempt.Address, attempt.Outcome, decision.Verdict, decision.State.Failures);

            // 9. The result: "N attempts left" only for the account's own device.
            return AppSignInResult.From(ForThisDevice(decision, device));
        }

        // 6. Signals of a right password: a common password must be changed first, and the place is read once, now:
        //    it changes no answer (SignInRisk.WithLocation), so a wrong password costs no location reads, and the
        //    same reading scores the sign-in and raises the location events.
        var mustChangePassword = signals.RequiresChange(call.Password);
        var place = await places.EvaluateAsync(attempt, cancellationToken);
        assessment = risk.WithLocation(assessment, place);
        attempt.RiskScore = assessment.Score;

        // 7 to 9: recording and locks, the second factor and the result, shared with passkeys.
        return await CompleteAsync(user, attempt, call, device, mustChangePassword, cancellationToken, assessment.StepUp, place);
    }

    /// <summary>A try that must bring a solved puzzle first: counted in the per-minute summary as challenged, nothing else.</summary>
    private AppSignInResult Challenge(LoginAttempt attempt)
    {
        rejections.Count(attempt.Address, LoginOutcome.Challenged);
        SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, LoginOutcome.Challenged);
        return admission.Challenge();
    }

    /// <summary>Steps 7 to 9 after a valid credential: may the account sign in, is a second factor due, and does a lock win?</summary>
    private async Task<SignInResult> CompleteAsync(
        AppUser user, LoginAttempt attempt, Call call, KnownDeviceState? device, bool mustChangePassword,
        CancellationToken cancellationToken, bool stepUp = false, Location.LocationSignal? place = null)
    {
        // 7. Recording: a disabled account is refused and recorded.
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

        // 8. The second factor. A credential check without a cookie (token clients) never skips it: it has no
        //    remembered client. Nor does a sign-in whose risk is above Risk:StepUpAbove.
        steppedUp = stepUp;
        if (!call.Reauthenticate && await IsTwoFactorEnabledAsync(user) && (!call.SetsCookie || !await IsTwoFactorClientRememberedAsync(user)))
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
            if (call.AuthenticatorCode is not null || call.RecoveryCode is not null)
            {
                return await CheckSecondFactorAsync(user, call, cancellationToken);
            }

            // Without a code: the form continues on the second-factor page (Identity's two-factor cookie), an API
            // caller is told a second factor is required.
            return call.SetsCookie ? await SignInOrTwoFactorAsync(user, call.Persistent) : SignInResult.TwoFactorRequired;
        }

        // 7. Recording and locks: the success resets the counters unless another request locked the name meanwhile.
        attempt.Outcome = LoginOutcome.Succeeded;
        var success = await recorder.RecordSuccessAsync(attempt, cancellationToken, device, newDevice: call.SetsCookie && device is not { Revoked: false }, place);
        if (success.IsLocked)
        {
            // Another request locked the account while this credential was being checked: the lock wins.
            SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, LoginOutcome.LockedOut);
            return AppSignInResult.From(success);
        }

        // 9. The result: the cookie and the device cookie for a browser, success for a check.
        SignInLog.Succeeded(Logger, attempt.UserName, attempt.Address);
        if (!call.SetsCookie)
        {
            return AppSignInResult.Success();
        }

        await devices.RememberAsync(user.Id, attempt.UserName, cancellationToken);
        return await SignInOrTwoFactorAsync(user, call.Persistent, bypassTwoFactor: call.Reauthenticate);
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

    /// <summary>One sign-in as the pipeline runs it.</summary>
    /// <param name="FindUser">The account for the typed name, or the one the caller already holds.</param>
    /// <param name="SetsCookie">Whether a success signs the browser in; false only checks (tokens, re-entering the password).</param>
    private sealed record Call(string TypedName, Func<Task<AppUser?>> FindUser, string Password, bool SetsCookie, bool Persistent)
    {
        public string? AuthenticatorCode { get; init; }

        public string? RecoveryCode { get; init; }

        /// <summary>A credential that is the second factor already (a passkey) or a signed-in person's re-check: no second step.</summary>
        public bool Reauthenticate { get; init; }

        /// <summary>False where no typed name reaches the pipeline (the caller holds the user): never challenged.</summary>
        public bool Challengeable { get; init; } = true;
    }
}
