using System.Linq.Expressions;
using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Lockout;

namespace AdminConsole.Core.Attempts;

/// <summary>
/// Writes every sign-in attempt together with the lockout counters it moves, each in one transaction, so an
/// attempt is never recorded without its effect or the reverse. Counting is one conditional UPDATE whose SET
/// clauses apply <see cref="LockoutPolicy"/> in SQL: Identity's read-modify-write loses failures when attempts
/// collide (SECURITY-NOTES 1); this cannot.
/// </summary>
public sealed class LoginAttemptRecorder(SecurityDbContext db, LockoutPolicy policy, TimeProvider time)
{
    /// <summary>The counters of a user name (clean when it has none).</summary>
    public async Task<LockoutState> GetStateAsync(string key, CancellationToken cancellationToken)
    {
        var row = await db.AccountLockouts.AsNoTracking().SingleOrDefaultAsync(l => l.Key == key, cancellationToken);
        return row?.ToState() ?? LockoutState.Clean;
    }

    /// <summary>Records an attempt that changes no counter (rejected while locked, not allowed, two-factor next).</summary>
    public async Task RecordAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        attempt.At = time.GetUtcNow();
        db.LoginAttempts.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Counts a failure unless the name is locked, in one statement, records the attempt, and on a new lock
    /// writes the security event and changes the account's security stamp so its sessions end.
    /// </summary>
    public async Task<LockoutDecision> RecordFailureAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        attempt.At = now;
        for (var round = 0; ; round++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var counted = await CountFailureAsync(attempt.UserName, attempt.Address, now, cancellationToken) == 1;
            var row = await db.AccountLockouts.AsNoTracking().SingleOrDefaultAsync(l => l.Key == attempt.UserName, cancellationToken);
            if (row is null)
            {
                // First failure for this name: create its row outside the transaction, then count again.
                await transaction.RollbackAsync(cancellationToken);
                if (round > 0)
                {
                    throw new InvalidOperationException($"The lockout row for '{attempt.UserName}' could not be created.");
                }

                await CreateRowAsync(attempt.UserName, attempt.UserId, cancellationToken);
                continue;
            }

            var decision = policy.Describe(row.ToState(), counted, now);
            if (!counted)
            {
                attempt.Outcome = LoginOutcome.LockedOut;
            }

            attempt.Tier = row.Tier;
            db.LoginAttempts.Add(attempt);
            if (decision.Verdict == LockoutVerdict.LockedNow)
            {
                db.SecurityEvents.Add(LockedEvent(attempt, decision, now));
                if (attempt.UserId is { } userId)
                {
                    var stamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
                    await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(
                        s => s.SetProperty(u => u.SecurityStamp, stamp)
                              .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()),
                        cancellationToken);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return decision;
        }
    }

    /// <summary>
    /// Resets the counters of a name that is not locked and records the success. Returns the locked decision
    /// instead when another request locked the name after the password was checked: the lock wins.
    /// </summary>
    public async Task<LockoutDecision> RecordSuccessAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        attempt.At = now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var previous = await db.AccountLockouts.AsNoTracking().SingleOrDefaultAsync(l => l.Key == attempt.UserName, cancellationToken);
        var reset = await db.AccountLockouts
            .Where(l => l.Key == attempt.UserName && (l.LockedUntil == null || l.LockedUntil <= now))
            .ExecuteUpdateAsync(
                s => s.SetProperty(l => l.Failures, 0)
                      .SetProperty(l => l.Tier, 0)
                      .SetProperty(l => l.LockedUntil, (DateTimeOffset?)null)
                      .SetProperty(l => l.LastFailureAt, (DateTimeOffset?)null),
                cancellationToken);
        LockoutDecision decision;
        if (reset == 0 && previous is not null)
        {
            decision = policy.Describe(previous.ToState(), counted: false, now);
            attempt.Outcome = LoginOutcome.LockedOut;
            attempt.Tier = previous.Tier;
        }
        else
        {
            decision = new LockoutDecision(LockoutVerdict.Allowed, LockoutState.Clean, null);
            var address = attempt.Address;
            await db.Users.Where(u => u.Id == attempt.UserId).ExecuteUpdateAsync(
                s => s.SetProperty(u => u.LastSignInAt, now).SetProperty(u => u.LastSignInAddress, address),
                cancellationToken);
            if (previous is { Failures: > 0 } && previous.LastFailureAt > policy.WindowStart(now))
            {
                db.SecurityEvents.Add(new SecurityEvent
                {
                    At = now,
                    Type = SecurityEventType.SignInAfterFailures,
                    Severity = SecurityEventSeverity.Info,
                    Actor = SecurityEvent.SystemActor,
                    TargetUserId = attempt.UserId,
                    TargetUserName = attempt.UserName,
                    Address = attempt.Address,
                    Details = JsonSerializer.Serialize(new { previous.Failures, previous.LastFailureAddress }),
                });
            }
        }

        db.LoginAttempts.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return decision;
    }

    /// <summary>
    /// After a password reset: clears a temporary lock and the count (the user proved mailbox access); a lock
    /// that only an admin may lift stays. Returns whether anything was cleared.
    /// </summary>
    public async Task<bool> ClearTemporaryLockAsync(string key, string? userId, string address, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var before = await db.AccountLockouts.AsNoTracking().SingleOrDefaultAsync(l => l.Key == key, cancellationToken);
        var cleared = await db.AccountLockouts
            .Where(l => l.Key == key && (l.LockedUntil == null || l.LockedUntil != LockoutPolicy.UntilUnlocked) && l.Failures > 0)
            .ExecuteUpdateAsync(
                s => s.SetProperty(l => l.Failures, 0)
                      .SetProperty(l => l.Tier, 0)
                      .SetProperty(l => l.LockedUntil, (DateTimeOffset?)null)
                      .SetProperty(l => l.LastFailureAt, (DateTimeOffset?)null),
                cancellationToken);
        if (cleared == 1 && before is not null && LockoutPolicy.IsLocked(before.ToState(), now))
        {
            db.SecurityEvents.Add(new SecurityEvent
            {
                At = now,
                Type = SecurityEventType.LockClearedByPasswordReset,
                Severity = SecurityEventSeverity.Info,
                Actor = SecurityEvent.SystemActor,
                TargetUserId = userId,
                TargetUserName = key,
                Address = address,
                Reason = "Password reset through the mailbox",
                Details = JsonSerializer.Serialize(new { before.Tier, before.Failures, before.LockedUntil }),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return cleared == 1;
    }

    /// <summary>
    /// One UPDATE: count the failure only while the name is not locked, and set the lock in the same statement
    /// when the new count reaches a tier. Mirrors <see cref="LockoutPolicy.Decide"/>.
    /// </summary>
    private Task<int> CountFailureAsync(string key, string address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var windowStart = policy.WindowStart(now);
        var x = Expression.Parameter(typeof(AccountLockout), "l");
        var lastFailure = Expression.Property(x, nameof(AccountLockout.LastFailureAt));
        var fresh = Expression.OrElse(
            Expression.Equal(lastFailure, Expression.Constant(null, typeof(DateTimeOffset?))),
            Expression.LessThanOrEqual(lastFailure, Parameter<DateTimeOffset?>(windowStart)));
        var failures = Expression.Condition(
            fresh,
            Expression.Constant(1),
            Expression.Add(Expression.Property(x, nameof(AccountLockout.Failures)), Expression.Constant(1)));

        Expression lockedUntil = Expression.Constant(null, typeof(DateTimeOffset?));
        Expression lockedAt = Expression.Property(x, nameof(AccountLockout.LockedAt));
        Expression tier = Expression.Condition(fresh, Expression.Constant(0), Expression.Property(x, nameof(AccountLockout.Tier)));
        for (var i = policy.Tiers.Count - 1; i >= 0; i--)
        {
            var reached = Expression.Equal(failures, Expression.Constant(policy.Tiers[i].Failures));
            lockedUntil = Expression.Condition(reached, Parameter<DateTimeOffset?>(LockoutPolicy.LockEnd(policy.Tiers[i], now)), lockedUntil);
            lockedAt = Expression.Condition(reached, Parameter<DateTimeOffset?>(now), lockedAt);
            tier = Expression.Condition(reached, Expression.Constant(i + 1), tier);
        }

        return db.AccountLockouts
            .Where(l => l.Key == key && (l.LockedUntil == null || l.LockedUntil <= now))
            .ExecuteUpdateAsync(
                s => s.SetProperty(l => l.Failures, Lambda<int>(failures, x))
                      .SetProperty(l => l.Tier, Lambda<int>(tier, x))
                      .SetProperty(l => l.LockedUntil, Lambda<DateTimeOffset?>(lockedUntil, x))
                      .SetProperty(l => l.LockedAt, Lambda<DateTimeOffset?>(lockedAt, x))
                      .SetProperty(l => l.LastFailureAt, now)
                      .SetProperty(l => l.LastFailureAddress, address),
                cancellationToken);
    }

    private async Task CreateRowAsync(string key, string? userId, CancellationToken cancellationToken)
    {
        db.AccountLockouts.Add(new AccountLockout { Key = key, UserId = userId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request created it first; that row is the one to count on.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static SecurityEvent LockedEvent(LoginAttempt attempt, LockoutDecision decision, DateTimeOffset now) => new()
    {
        At = now,
        Type = SecurityEventType.AccountLocked,
        Severity = decision.IsPermanent ? SecurityEventSeverity.Critical : SecurityEventSeverity.Warning,
        Actor = SecurityEvent.SystemActor,
        TargetUserId = attempt.UserId,
        TargetUserName = attempt.UserName,
        Address = attempt.Address,
        Reason = $"{decision.State.Failures} failed sign-ins",
        Details = JsonSerializer.Serialize(new
        {
            decision.State.Tier,
            decision.State.Failures,
            LockedUntil = decision.IsPermanent ? null : decision.State.LockedUntil,
            UntilAdminUnlocks = decision.IsPermanent,
            KnownAccount = attempt.UserId is not null,
        }),
    };

    /// <summary>A value EF sends as a SQL parameter (a closure field), so the statement's text never changes.</summary>
    private static MemberExpression Parameter<T>(T value) =>
        Expression.Field(Expression.Constant(new Box<T>(value)), nameof(Box<T>.Value));

    private static Expression<Func<AccountLockout, T>> Lambda<T>(Expression body, ParameterExpression x) =>
        Expression.Lambda<Func<AccountLockout, T>>(body, x);

    private sealed class Box<T>(T value)
    {
        public readonly T Value = value;
    }
}
