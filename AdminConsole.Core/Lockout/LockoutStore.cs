using System.Linq.Expressions;
using AdminConsole.Core.Data;
using Microsoft.EntityFrameworkCore.Query;

namespace AdminConsole.Core.Lockout;

/// <summary>
/// The one owner of lockout state: every statement on <see cref="AccountLockout"/> rows and on known devices'
/// counters (read, count a failure, reset after a success, clear a temporary lock, admin lock, unlock and reset,
/// device failures, resets and locks). Each change is one conditional UPDATE whose WHERE states its precondition,
/// so parallel attempts and admin actions cannot lose each other's changes; callers hold the
/// transaction and write the attempt and audit rows. Statements that apply the policy take the caller's single
/// snapshot of it (<see cref="LockoutPolicyOptions"/>), read once per attempt.
/// </summary>
public sealed class LockoutStore(SecurityDbContext db)
{
    /// <summary>The row of a user name, untracked, or null when it has none.</summary>
    public Task<AccountLockout?> ReadAsync(string key, CancellationToken cancellationToken) =>
        db.AccountLockouts.AsNoTracking().SingleOrDefaultAsync(l => l.Key == key, cancellationToken);

    /// <summary>The counters of a user name (clean when it has none).</summary>
    public async Task<LockoutState> GetStateAsync(string key, CancellationToken cancellationToken) =>
        (await ReadAsync(key, cancellationToken))?.ToState() ?? LockoutState.Clean;

    /// <summary>
    /// Retention: deletes the rows of names that are not accounts once they are neither locked nor inside the
    /// failure window. One that counts consecutive failures stays as long as its attempts do (ASVS 6.3.8: a phantom
    /// must lock at the same paced guess as a real account).
    /// </summary>
    public Task<int> PurgeUnknownNamesAsync(DateTimeOffset now, DateTimeOffset failureWindowStart, DateTimeOffset attemptsCutoff, CancellationToken cancellationToken) =>
        db.AccountLockouts
            .Where(l => l.UserId == null && (l.LockedUntil == null || l.LockedUntil <= now) && (l.LastFailureAt == null || l.LastFailureAt < failureWindowStart))
            .Where(l => l.ConsecutiveFailures == 0 || l.LastFailureAt == null || l.LastFailureAt < attemptsCutoff)
            .ExecuteDeleteAsync(cancellationToken);

    /// <summary>Creates the name's row unless it exists, outside any transaction (a concurrent creator wins harmlessly).</summary>
    public Task EnsureRowAsync(string key, string? userId, CancellationToken cancellationToken) =>
        db.InsertIfMissingAsync(new AccountLockout { Key = key, UserId = userId }, cancellationToken);

    /// <summary>
    /// A new account owns its name from now on: the counters the name gathered while it was nobody's (a phantom's
    /// failures and lock, its remembered wrong passwords) are dropped, so the account starts clean. The attempts
    /// stay in the attempt log.
    /// </summary>
    public async Task ForgetUnknownNameAsync(string key, CancellationToken cancellationToken)
    {
        if (await db.AccountLockouts.Where(l => l.Key == key && l.UserId == null).ExecuteDeleteAsync(cancellationToken) > 0)
        {
            await ForgetWrongPasswordsAsync(key, cancellationToken);
        }
    }

    /// <summary>
    /// One UPDATE: count the failure only while the name is not locked, and set the lock in the same statement
    /// when the new count reaches a tier (<see cref="LockoutPolicy.LockTier"/>: by threshold reached, not by exact
    /// count). Mirrors <see cref="LockoutPolicy.Decide(LockoutPolicyOptions, LockoutState, bool, DateTimeOffset)"/>; every SET reads the row as it was before the statement.
    /// </summary>
    public async Task<bool> CountFailureAsync(LockoutPolicyOptions options, string key, string address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var l = Expression.Parameter(typeof(AccountLockout), "l");
        var lastFailure = Expression.Property(l, nameof(AccountLockout.LastFailureAt));
        var windowStart = SqlExpressions.Parameter<DateTimeOffset?>(LockoutPolicy.WindowStart(options, now));
        Expression fresh = Expression.OrElse(
            Expression.Equal(lastFailure, Expression.Constant(null, typeof(DateTimeOffset?))),
            Expression.LessThanOrEqual(lastFailure, windowStart));
        if (options.Mode == LockoutMode.Doubling)
        {
            // LockoutPolicy.IsForgotten: in doubling mode a lock that ended inside the window keeps the ladder.
            var lockedUntil0 = Expression.Property(l, nameof(AccountLockout.LockedUntil));
            fresh = Expression.AndAlso(fresh, Expression.OrElse(
                Expression.Equal(lockedUntil0, Expression.Constant(null, typeof(DateTimeOffset?))),
                Expression.LessThanOrEqual(lockedUntil0, windowStart)));
        }

        var failures = Expression.Condition(
            fresh,
            Expression.Constant(1),
            Expression.Add(Expression.Property(l, nameof(AccountLockout.Failures)), Expression.Constant(1)));
        var tierBefore = Expression.Condition(fresh, Expression.Constant(0), Expression.Property(l, nameof(AccountLockout.Tier)));
        var consecutive = Expression.Add(Expression.Property(l, nameof(AccountLockout.ConsecutiveFailures)), Expression.Constant(1));

        // LockoutPolicy.Decide in SQL: CASE WHEN consecutive failures reach the limit THEN the last tier, until an
        // admin unlocks WHEN failures >= highest threshold THEN (lock at it when above the tier already applied or
        // exactly on the threshold) WHEN failures >= the next lower ... ELSE not locked.
        var tiers = options.LockTiers();
        var limit = Expression.GreaterThanOrEqual(consecutive, Expression.Constant(options.MaxConsecutiveFailures));
        Expression ByLockTier(Func<int, Expression> locked, Expression notLocked)
        {
            var result = notLocked;
            for (var i = 0; i < tiers.Count; i++)
            {
                var index = i + 1;
                var threshold = Expression.Constant(tiers[i].Failures);
                var locks = Expression.OrElse(
                    Expression.LessThan(tierBefore, Expression.Constant(index)),
                    Expression.Equal(failures, threshold));
                result = Expression.Condition(
                    Expression.GreaterThanOrEqual(failures, threshold),
                    Expression.Condition(locks, locked(index), notLocked),
                    result);
            }

            return Expression.Condition(limit, locked(tiers.Count), result);
        }

        var lockedUntil = ByLockTier(
            index => SqlExpressions.Parameter<DateTimeOffset?>(index == tiers.Count ? LockoutPolicy.UntilUnlocked : LockoutPolicy.LockEnd(tiers[index - 1], now)),
            Expression.Constant(null, typeof(DateTimeOffset?)));
        var lockedAt = ByLockTier(
            _ => SqlExpressions.Parameter<DateTimeOffset?>(now),
            Expression.Property(l, nameof(AccountLockout.LockedAt)));
        var tier = ByLockTier(index => Expression.Constant(index), tierBefore);

        return await db.AccountLockouts
            .Where(x => x.Key == key && (x.LockedUntil == null || x.LockedUntil <= now))
            .ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Failures, SqlExpressions.Lambda<AccountLockout, int>(failures, l))
                      .SetProperty(x => x.ConsecutiveFailures, x => x.ConsecutiveFailures + 1)
                      .SetProperty(x => x.Tier, SqlExpressions.Lambda<AccountLockout, int>(tier, l))
                      .SetProperty(x => x.LockedUntil, SqlExpressions.Lambda<AccountLockout, DateTimeOffset?>(lockedUntil, l))
                      .SetProperty(x => x.LockedAt, SqlExpressions.Lambda<AccountLockout, DateTimeOffset?>(lockedAt, l))
                      .SetProperty(x => x.LastFailureAt, now)
                      .SetProperty(x => x.LastFailureAddress, address)
                      .SetProperty(x => x.LockedByAdmin, false),
                cancellationToken) == 1;
    }

    /// <summary>
    /// A failure on a known device's lane: the account is not counted (it is locked), but its consecutive count goes
    /// on, and reaching <see cref="LockoutPolicyOptions.MaxConsecutiveFailures"/> locks it until an admin unlocks.
    /// </summary>
    public Task<int> CountConsecutiveAsync(LockoutPolicyOptions options, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var max = options.MaxConsecutiveFailures;
        var final = options.LockTiers().Count;
        var until = LockoutPolicy.UntilUnlocked;
        return db.AccountLockouts.Where(l => l.Key == key).ExecuteUpdateAsync(
            s => s.SetProperty(l => l.ConsecutiveFailures, l => l.ConsecutiveFailures + 1)
                  .SetProperty(l => l.LockedUntil, l => l.ConsecutiveFailures + 1 >= max ? until : l.LockedUntil)
                  .SetProperty(l => l.Tier, l => l.ConsecutiveFailures + 1 >= max ? final : l.Tier)
                  .SetProperty(l => l.LockedAt, l => l.ConsecutiveFailures + 1 >= max ? now : l.LockedAt),
            cancellationToken);
    }

    /// <summary>After a successful sign-in: a clean slate, unless the name was locked meanwhile (the lock wins).</summary>
    public async Task<bool> ResetAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.AccountLockouts
            .Where(l => l.Key == key && (l.LockedUntil == null || l.LockedUntil <= now))
            .ExecuteUpdateAsync(ResetCounters, cancellationToken) == 1;

    /// <summary>
    /// After a password reset: clears a temporary lock and the count; a lock only an admin may lift stays, and so
    /// does an admin's own lock while it holds, whatever its end.
    /// </summary>
    public async Task<bool> ClearTemporaryLockAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.AccountLockouts
            .Where(l => l.Key == key && (l.LockedUntil == null || l.LockedUntil != LockoutPolicy.UntilUnlocked) && l.Failures > 0
                        && (!l.LockedByAdmin || l.LockedUntil == null || l.LockedUntil <= now))
            .ExecuteUpdateAsync(ClearTemporaryLock, cancellationToken) == 1;

    /// <summary>An admin unlock: lifts any lock that holds now and clears every count.</summary>
    public async Task<bool> UnlockAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.AccountLockouts
            .Where(l => l.Key == key && l.LockedUntil > now)
            .ExecuteUpdateAsync(ResetCounters, cancellationToken) == 1;

    /// <summary>
    /// The owner's unlock through a mailed link: lifts the lock set at <paramref name="lockedAt"/> if it still holds
    /// and <see cref="LockoutPolicy.OwnerMayLift"/> it, so two posts of one link lift it once. The consecutive count
    /// stays, as after a password reset: only a successful sign-in or an admin ends it (NIST SP 800-63B 5.2.2).
    /// </summary>
    public async Task<bool> UnlockByOwnerAsync(string key, DateTimeOffset lockedAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.AccountLockouts
            .Where(l => l.Key == key && l.LockedAt == lockedAt && l.LockedUntil > now && l.LockedUntil != LockoutPolicy.UntilUnlocked && !l.LockedByAdmin)
            .ExecuteUpdateAsync(ClearTemporaryLock, cancellationToken) == 1;

    /// <summary>An admin lock until <paramref name="lockEnd"/>, unless a lock at least that long holds already.</summary>
    public async Task<bool> LockAsync(string key, DateTimeOffset lockEnd, int tier, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.AccountLockouts
            .Where(l => l.Key == key && (l.LockedUntil == null || l.LockedUntil < lockEnd))
            .ExecuteUpdateAsync(
                s => s.SetProperty(l => l.LockedUntil, lockEnd).SetProperty(l => l.LockedAt, now).SetProperty(l => l.Tier, l => tier > l.Tier ? tier : l.Tier)
                      .SetProperty(l => l.LockedByAdmin, true),
                cancellationToken) == 1;

    /// <summary>An admin reset of the counts (consecutive failures too) of a name that is not locked.</summary>
    public async Task<bool> ResetFailuresAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.AccountLockouts
            .Where(l => l.Key == key && (l.Failures > 0 || l.ConsecutiveFailures > 0) && (l.LockedUntil == null || l.LockedUntil <= now))
            .ExecuteUpdateAsync(
                s => s.SetProperty(l => l.Failures, 0).SetProperty(l => l.Tier, 0).SetProperty(l => l.ConsecutiveFailures, 0)
                      .SetProperty(l => l.LastFailureAt, (DateTimeOffset?)null).SetProperty(l => l.LastFailureAddress, (string?)null),
                cancellationToken) == 1;

    /// <summary>
    /// <see cref="DeviceLanePolicy.CountFailure(LockoutPolicyOptions, KnownDeviceState, LockoutState, DateTimeOffset)"/>
    /// as one statement. Returns false when nothing was counted: the device was locked or revoked by then.
    /// </summary>
    public async Task<bool> CountDeviceFailureAsync(
        LockoutPolicyOptions options, string deviceId, DateTimeOffset lockEnd, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var windowStart = LockoutPolicy.WindowStart(options, now);
        var limit = options.DeviceFailures;
        return await db.KnownDevices
            .Where(d => d.Id == deviceId && d.RevokedAt == null && (d.LockedUntil == null || d.LockedUntil <= now))
            .ExecuteUpdateAsync(
                s => s.SetProperty(d => d.Failures, d => d.LastFailureAt == null || d.LastFailureAt <= windowStart ? 1 : d.Failures + 1)
                      .SetProperty(d => d.LockedUntil, d => (d.LastFailureAt == null || d.LastFailureAt <= windowStart ? 1 : d.Failures + 1) >= limit ? lockEnd : (DateTimeOffset?)null)
                      .SetProperty(d => d.LastFailureAt, now),
                cancellationToken) == 1;
    }

    /// <summary>A successful sign-in from a device: its own counter starts afresh (false when it is locked or revoked).</summary>
    public async Task<bool> ResetDeviceAsync(string deviceId, string? address, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.KnownDevices
            .Where(d => d.Id == deviceId && d.RevokedAt == null && (d.LockedUntil == null || d.LockedUntil <= now))
            .ExecuteUpdateAsync(
                s => s.SetProperty(d => d.Failures, 0).SetProperty(d => d.LastFailureAt, (DateTimeOffset?)null)
                      .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null).SetProperty(d => d.LastSeenAt, now).SetProperty(d => d.Address, address),
                cancellationToken) == 1;

    /// <summary>An admin unlock lifts the devices' own locks and counts too.</summary>
    public Task<int> ClearDeviceLocksAsync(string userId, CancellationToken cancellationToken) =>
        db.KnownDevices
            .Where(d => d.UserId == userId && d.RevokedAt == null && (d.Failures > 0 || d.LockedUntil != null))
            .ExecuteUpdateAsync(
                s => s.SetProperty(d => d.Failures, 0).SetProperty(d => d.LastFailureAt, (DateTimeOffset?)null).SetProperty(d => d.LockedUntil, (DateTimeOffset?)null),
                cancellationToken);

    /// <summary>
    /// Remembers a wrong password's fingerprint for the name; returns false when it was already remembered within the
    /// failure window (a repeat, which must not count). Runs inside the caller's transaction, which on SQLite holds
    /// the write lock; on SQL Server the primary key makes a concurrent twin's insert fail, and that twin is the
    /// repeat. Only the newest <paramref name="keep"/> fingerprints of the name stay.
    /// </summary>
    public async Task<bool> RememberWrongPasswordAsync(
        string key, string fingerprint, DateTimeOffset now, DateTimeOffset windowStart, int keep, CancellationToken cancellationToken)
    {
        var fingerprints = db.WrongPasswordFingerprints.Where(f => f.Key == key);
        if (await fingerprints.Where(f => f.Fingerprint == fingerprint && f.At > windowStart)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.At, now), cancellationToken) == 1)
        {
            return false;
        }

        // Only expired ones: a fresh row with this fingerprint was inserted by a concurrent request after the update above
        // looked, and deleting it would let both requests count the same password.
        await fingerprints.Where(f => f.At <= windowStart).ExecuteDeleteAsync(cancellationToken);
        db.WrongPasswordFingerprints.Add(new WrongPasswordFingerprint { Key = key, Fingerprint = fingerprint, At = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return false; // inserted by a concurrent request with the same password: that one counted
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        var beyond = await fingerprints.OrderByDescending(f => f.At).ThenBy(f => f.Fingerprint).Skip(keep).Select(f => f.Fingerprint).ToListAsync(cancellationToken);
        if (beyond.Count > 0)
        {
            await fingerprints.Where(f => beyond.Contains(f.Fingerprint)).ExecuteDeleteAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>After a successful sign-in the name's wrong passwords are forgotten with its counts.</summary>
    public Task<int> ForgetWrongPasswordsAsync(string key, CancellationToken cancellationToken) =>
        db.WrongPasswordFingerprints.Where(f => f.Key == key).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Retention: fingerprints older than the failure window no longer mean anything.</summary>
    public Task<int> PurgeWrongPasswordsAsync(DateTimeOffset failureWindowStart, CancellationToken cancellationToken) =>
        db.WrongPasswordFingerprints.Where(f => f.At <= failureWindowStart).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Back to a clean slate after a successful sign-in: no failures, consecutive or not, no tier, no lock.</summary>
    private static void ResetCounters(UpdateSettersBuilder<AccountLockout> s) =>
        ClearTemporaryLock(s.SetProperty(l => l.ConsecutiveFailures, 0));

    /// <summary>
    /// No failures in the window, no tier, no lock; the consecutive count stays, since only a successful sign-in
    /// or an admin ends it (NIST SP 800-63B 5.2.2).
    /// </summary>
    private static void ClearTemporaryLock(UpdateSettersBuilder<AccountLockout> s) =>
        s.SetProperty(l => l.Failures, 0)
         .SetProperty(l => l.Tier, 0)
         .SetProperty(l => l.LockedUntil, (DateTimeOffset?)null)
         .SetProperty(l => l.LockedByAdmin, false)
         .SetProperty(l => l.LastFailureAt, (DateTimeOffset?)null)
         .SetProperty(l => l.LastFailureAddress, (string?)null); // the address of a failure no longer on record

}
