using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Lockout;

namespace AdminConsole.Core.Accounts;

/// <summary>
/// What a SecurityAdmin can do to an account. Each action checks the actor's role, needs a reason, is one
/// conditional update (so it cannot undo a concurrent change it did not see), and writes its audit event in the
/// same transaction only when it changed something.
/// </summary>
public sealed class AccountAdminService(
    Audit.ISecurityEventLog eventLog,
    SecurityDbContext db, LockoutPolicy policy, ConsoleAuthorization authorization, Sessions.SessionStore sessions, LockoutStore lockouts, KnownDeviceStore devices, TimeProvider time)
{
    /// <summary>
    /// Lifts any lock, temporary or admin-only, and clears the counts (consecutive failures too), the known
    /// devices' own counts and locks included.
    /// </summary>
    public Task<AdminResult> UnlockAsync(string email, string reason, ConsoleActor actor, CancellationToken cancellationToken) =>
        ActAsync(email, reason, actor, SecurityEventType.AccountUnlocked, cancellationToken, async (user, now) =>
        {
            var before = await lockouts.ReadAsync(user.NormalizedUserName!, cancellationToken);
            var changed = await lockouts.UnlockAsync(user.NormalizedUserName!, now, cancellationToken);
            if (changed)
            {
                await lockouts.ClearDeviceLocksAsync(user.Id, cancellationToken);
            }

            return !changed
                ? (null, "The account is not locked.")
                : (new AccountUnlockedDetails(before!.Tier, before.Failures, before.ConsecutiveFailures, before.LockedUntil), $"{user.Email} is unlocked.");
        });

    /// <summary>
    /// Locks for a while, or until unlocked when <paramref name="until"/> is null; open sessions end. An admin lock
    /// holds everywhere: the account's known devices are revoked and get no lane of their own through it.
    /// </summary>
    public Task<AdminResult> LockAsync(string email, string reason, DateTimeOffset? until, ConsoleActor actor, CancellationToken cancellationToken) =>
        ActAsync(email, reason, actor, SecurityEventType.AccountLocked, cancellationToken, async (user, now) =>
        {
            if (until is { } end && end <= now)
            {
                return (null, "The lock must end in the future.");
            }

            var lockEnd = until ?? LockoutPolicy.UntilUnlocked;
            var tier = until is null ? policy.Tiers.Count : 0;
            var changed = await lockouts.LockAsync(user.NormalizedUserName!, lockEnd, tier, now, cancellationToken);
            if (!changed)
            {
                return (null, "The account is already locked at least that long.");
            }

            var revoked = await devices.RevokeWithinAsync(user.Id, deviceId: null, actor.Name, reason, cancellationToken);
            await db.RenewSecurityStampAsync(user.Id, cancellationToken);
            var ended = await sessions.EndWithinAsync(user.Id, sessionId: null, actor.Name, "Account locked by an admin", cancellationToken);
            return (new AccountLockedByAdminDetails(until, UntilUnlocked: until is null, revoked, ended),
                until is null ? $"{user.Email} is locked until unlocked." : $"{user.Email} is locked.");
        }, createRow: true);

    /// <summary>Clears the failure counts (consecutive failures too) of an account that is not locked.</summary>
    public Task<AdminResult> ResetFailuresAsync(string email, string reason, ConsoleActor actor, CancellationToken cancellationToken) =>
        ActAsync(email, reason, actor, SecurityEventType.FailuresReset, cancellationToken, async (user, now) =>
        {
            var before = await lockouts.ReadAsync(user.NormalizedUserName!, cancellationToken);
            var changed = await lockouts.ResetFailuresAsync(user.NormalizedUserName!, now, cancellationToken);
            return !changed
                ? (null, before is { } b && b.LockedUntil > now ? "The account is locked: unlock it instead." : "The account has no failures to reset.")
                : (new FailuresResetDetails(before!.Failures, before.ConsecutiveFailures, before.Tier), $"The failure count of {user.Email} is reset.");
        });

    /// <summary>
    /// Ends every session of the account at once: each browser and API client is refused at its next request, and
    /// open console circuits at their next check (a minute at most). The security stamp changes too, and the
    /// account's known devices are revoked: each signs in as a new device next time.
    /// </summary>
    public Task<AdminResult> SignOutEverywhereAsync(string email, string reason, ConsoleActor actor, CancellationToken cancellationToken) =>
        ActAsync(email, reason, actor, SecurityEventType.SessionsRevoked, cancellationToken, async (user, _) =>
        {
            var ended = await sessions.EndWithinAsync(user.Id, sessionId: null, actor.Name, reason, cancellationToken);
            var revoked = await devices.RevokeWithinAsync(user.Id, deviceId: null, actor.Name, reason, cancellationToken);
            await db.RenewSecurityStampAsync(user.Id, cancellationToken);
            return (new SessionsRevokedDetails(ended, DevicesRevoked: revoked), $"Every session of {user.Email} has ended ({ended}).");
        });

    /// <summary>
    /// Forgets one known device of the account (<paramref name="deviceId"/>), or all of them when it is null: each
    /// is a new device at its next sign-in, so an automatic lock stops it like a stranger.
    /// </summary>
    public Task<AdminResult> ForgetDevicesAsync(string email, string? deviceId, string reason, ConsoleActor actor, CancellationToken cancellationToken) =>
        ActAsync(email, reason, actor, SecurityEventType.KnownDevicesRevoked, cancellationToken, async (user, _) =>
        {
            var revoked = await devices.RevokeWithinAsync(user.Id, deviceId, actor.Name, reason, cancellationToken);
            return revoked == 0
                ? (null, deviceId is null ? "The account has no known devices." : "That device is already forgotten.")
                : (new KnownDevicesRevokedDetails(revoked, deviceId?[..Math.Min(8, deviceId.Length)]),
                   deviceId is null ? $"Every known device of {user.Email} is forgotten ({revoked})." : $"The device of {user.Email} is forgotten.");
        });

    /// <summary>Ends one session of the account at once.</summary>
    public Task<AdminResult> EndSessionAsync(string email, string sessionId, string reason, ConsoleActor actor, CancellationToken cancellationToken) =>
        ActAsync(email, reason, actor, SecurityEventType.SessionsRevoked, cancellationToken, async (user, _) =>
        {
            var ended = await sessions.EndWithinAsync(user.Id, sessionId, actor.Name, reason, cancellationToken);
            return ended == 0
                ? (null, "That session has already ended.")
                : (new SessionsRevokedDetails(ended, Session: sessionId), $"The session of {user.Email} has ended.");
        });

    private async Task<AdminResult> ActAsync(
        string email,
        string reason,
        ConsoleActor actor,
        SecurityEventType type,
        CancellationToken cancellationToken,
        Func<AppUser, DateTimeOffset, Task<(ISecurityEventDetails? Details, string Message)>> action,
        bool createRow = false)
    {
        if (!await authorization.MayActAsync(actor, cancellationToken))
        {
            return AdminResult.Forbidden;
        }

        if (AuditReason.Error(reason) is { } reasonError)
        {
            return new AdminResult(AdminOutcome.Invalid, reasonError);
        }

        reason = reason.Trim();

        var normalized = AccountNames.Normalize(email ?? "");
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user?.NormalizedUserName is null)
        {
            return AdminResult.NotFound;
        }

        if (createRow)
        {
            await lockouts.EnsureRowAsync(user.NormalizedUserName, user.Id, cancellationToken);
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (details, message) = await action(user, now);
        if (details is null)
        {
            return new AdminResult(AdminOutcome.NoChange, message);
        }

        await eventLog.AddAsync(db, SecurityEvents.AccountAction(type, actor, user.Id, user.NormalizedUserName, reason, details, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new AdminResult(AdminOutcome.Done, message);
    }
}
