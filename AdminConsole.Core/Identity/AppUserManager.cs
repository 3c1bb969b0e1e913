using AdminConsole.Core.Attempts;
using AdminConsole.Core.Lockout;
using Microsoft.AspNetCore.Http;

namespace AdminConsole.Core.Identity;

/// <summary>
/// Identity's user manager with our lockout underneath: the hooks that Identity's own flows call (two-factor
/// failures, lock checks, password reset) read and write <see cref="AccountLockout"/> through
/// <see cref="LoginAttemptRecorder"/>, atomically and on <see cref="TimeProvider"/> time.
/// </summary>
public sealed class AppUserManager(
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
    TimeProvider time)
    : AspNetUserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<bool> IsLockedOutAsync(AppUser user)
    {
        var state = await recorder.GetStateAsync(user.NormalizedUserName ?? "", CancellationToken);
        return LockoutPolicy.IsLocked(state, time.GetUtcNow());
    }

    /// <summary>A failed second factor counts like a wrong password, in the same atomic statement.</summary>
    public override async Task<IdentityResult> AccessFailedAsync(AppUser user)
    {
        await recorder.RecordFailureAsync(Attempt(user, LoginOutcome.WrongSecondFactor), CancellationToken);
        return IdentityResult.Success;
    }

    /// <summary>Called by Identity when a second factor succeeds: reset the counters unless locked meanwhile.</summary>
    public override async Task<IdentityResult> ResetAccessFailedCountAsync(AppUser user)
    {
        var decision = await recorder.RecordSuccessAsync(Attempt(user, LoginOutcome.Succeeded), CancellationToken);
        return decision.IsLocked
            ? IdentityResult.Failed(new IdentityError { Code = "LockedOut", Description = SignInMessages.Failed })
            : IdentityResult.Success;
    }

    /// <summary>A reset proves mailbox access: it clears a temporary lock and the count, never an admin-only lock.</summary>
    public override async Task<IdentityResult> ResetPasswordAsync(AppUser user, string token, string newPassword)
    {
        var result = await base.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded)
        {
            await recorder.ClearTemporaryLockAsync(
                user.NormalizedUserName ?? "", user.Id, ClientInfo.From(contextAccessor.HttpContext).Address, CancellationToken);

            // Whoever knew the old password is signed out everywhere, browsers and API clients alike.
            await sessions.EndWithinAsync(user.Id, sessionId: null, user.UserName ?? "user", "Password reset", CancellationToken);
        }

        return result;
    }

    private LoginAttempt Attempt(AppUser user, LoginOutcome outcome)
    {
        var client = ClientInfo.From(contextAccessor.HttpContext);
        return new LoginAttempt
        {
            UserName = user.NormalizedUserName ?? "",
            UserId = user.Id,
            Address = client.Address,
            UserAgent = client.UserAgent,
            Outcome = outcome,
        };
    }
}
