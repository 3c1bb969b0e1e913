using AdminConsole.Core.Attempts;
using AdminConsole.Core.Lockout;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace AdminConsole.Core.Identity;

/// <summary>
/// The one sign-in pipeline. Every password sign-in (form, API, any caller of Identity's password methods) runs
/// <see cref="SignInCoreAsync"/>: locked names are rejected before hashing, unknown names hash a dummy so timing
/// matches, failures are counted atomically, the lock wins over a concurrent correct password, every outcome is
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
    TimeProvider time)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly AppUser DummyUser = new();
    private readonly IHttpContextAccessor accessor = contextAccessor;
    private static string? dummyHash;

    public override Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure) =>
        GuardedAsync(async cancellationToken =>
            await SignInCoreAsync(userName, await UserManager.FindByNameAsync(userName), password, isPersistent, signIn: true, cancellationToken));

    public override Task<SignInResult> PasswordSignInAsync(AppUser user, string password, bool isPersistent, bool lockoutOnFailure) =>
        GuardedAsync(cancellationToken => SignInCoreAsync(user.UserName ?? "", user, password, isPersistent, signIn: true, cancellationToken));

    public override Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure) =>
        GuardedAsync(cancellationToken => SignInCoreAsync(user.UserName ?? "", user, password, isPersistent: false, signIn: false, cancellationToken));

    public override async Task<bool> CanSignInAsync(AppUser user) => !user.IsDisabled && await base.CanSignInAsync(user);

    /// <summary>
    /// Passkeys go through the same recording and the same lock check: a valid passkey does not open an account
    /// that is locked, and every passkey attempt is recorded.
    /// </summary>
    public override Task<SignInResult> PasskeySignInAsync(string credentialJson) => GuardedAsync(async (cancellationToken) =>
    {
        var assertion = await PerformPasskeyAssertionAsync(credentialJson);
        var attempt = NewAttempt(assertion.User?.UserName ?? "", assertion.User);
        if (!assertion.Succeeded || assertion.User is not { } user)
        {
            attempt.Outcome = LoginOutcome.InvalidPasskey;
            await recorder.RecordAsync(attempt, cancellationToken);
            SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, attempt.Outcome);
            return SignInResult.Failed;
        }

        var result = await CompleteAsync(user, attempt, isPersistent: false, signIn: true, bypassTwoFactor: true, cancellationToken);
        if (result.Succeeded)
        {
            await UserManager.AddOrUpdatePasskeyAsync(user, assertion.Passkey!);
        }

        return result;
    });

    /// <summary>The password pipeline; every caller runs it inside <see cref="GuardedAsync"/>.</summary>
    private async Task<SignInResult> SignInCoreAsync(
        string typedName, AppUser? user, string password, bool isPersistent, bool signIn, CancellationToken cancellationToken)
    {
        var attempt = NewAttempt(typedName, user);
        var now = time.GetUtcNow();
        var state = await recorder.GetStateAsync(attempt.UserName, cancellationToken);
        if (LockoutPolicy.IsLocked(state, now))
        {
            // Locked: answered before any hash. Phantom locks on unknown names take this same path.
            attempt.Outcome = LoginOutcome.LockedOut;
            attempt.Tier = state.Tier;
            await recorder.RecordAsync(attempt, cancellationToken);
            SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, attempt.Outcome);
            return AppSignInResult.From(policy.Describe(state, counted: false, now));
        }

        var correct = user is null ? VerifyDummy(password) : await UserManager.CheckPasswordAsync(user, password);
        if (!correct || user is null)
        {
            attempt.Outcome = user is null ? LoginOutcome.UnknownUser : LoginOutcome.WrongPassword;
            var decision = await recorder.RecordFailureAsync(attempt, cancellationToken);
            SignInLog.Failed(Logger, attempt.UserName, attempt.Address, attempt.Outcome, decision.Verdict, decision.State.Failures);
            return AppSignInResult.From(decision);
        }

        return await CompleteAsync(user, attempt, isPersistent, signIn, bypassTwoFactor: false, cancellationToken);
    }

    /// <summary>After a valid credential: may the account sign in, is a second factor due, and does a lock win?</summary>
    private async Task<SignInResult> CompleteAsync(
        AppUser user, LoginAttempt attempt, bool isPersistent, bool signIn, bool bypassTwoFactor, CancellationToken cancellationToken)
    {
        if (!await CanSignInAsync(user))
        {
            attempt.Outcome = LoginOutcome.NotAllowed;
            await recorder.RecordAsync(attempt, cancellationToken);
            SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, attempt.Outcome);
            return AppSignInResult.NotAllowed();
        }

        if (signIn && !bypassTwoFactor && await IsTwoFactorEnabledAsync(user) && !await IsTwoFactorClientRememberedAsync(user))
        {
            // The counters reset only when the second factor succeeds too, as Identity does.
            attempt.Outcome = LoginOutcome.RequiresTwoFactor;
            await recorder.RecordAsync(attempt, cancellationToken);
            SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, attempt.Outcome);
            return await SignInOrTwoFactorAsync(user, isPersistent);
        }

        attempt.Outcome = LoginOutcome.Succeeded;
        var success = await recorder.RecordSuccessAsync(attempt, cancellationToken);
        if (success.IsLocked)
        {
            // Another request locked the account while this credential was being checked: the lock wins.
            SignInLog.Rejected(Logger, attempt.UserName, attempt.Address, LoginOutcome.LockedOut);
            return AppSignInResult.From(success);
        }

        SignInLog.Succeeded(Logger, attempt.UserName, attempt.Address);
        return signIn ? await SignInOrTwoFactorAsync(user, isPersistent, bypassTwoFactor: bypassTwoFactor) : AppSignInResult.Success();
    }

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

    private LoginAttempt NewAttempt(string typedName, AppUser? user)
    {
        var client = ClientInfo.From(accessor.HttpContext);
        var key = UserManager.NormalizeName(typedName) ?? "";
        return new LoginAttempt
        {
            UserName = key.Length > LoginAttempt.UserNameMaxLength ? key[..LoginAttempt.UserNameMaxLength] : key,
            UserId = user?.Id,
            Address = client.Address,
            UserAgent = client.UserAgent,
        };
    }

    /// <summary>Unknown user names cost one hash too, so response time does not reveal them (ASVS 6.3.8).</summary>
    private bool VerifyDummy(string password)
    {
        dummyHash ??= UserManager.PasswordHasher.HashPassword(DummyUser, Guid.NewGuid().ToString());
        UserManager.PasswordHasher.VerifyHashedPassword(DummyUser, dummyHash, password);
        return false;
    }
}
