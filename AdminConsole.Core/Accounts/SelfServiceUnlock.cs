using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Mail;

namespace AdminConsole.Core.Accounts;

/// <summary>
/// Self-service unlock by mail: a locked owner asks for a link, and the link lifts the lock it was issued for, once.
/// Only a temporary lock after failures qualifies (<see cref="LockoutPolicy.OwnerMayLift"/>); an admin's lock and the
/// lock only an admin lifts stay, and for them no mail goes out. Callers answer every request alike (ASVS 6.3.8).
/// </summary>
public sealed partial class SelfServiceUnlock(
    Audit.ISecurityEventLog eventLog,
    SecurityDbContext db, UserManager<AppUser> users, LockoutStore lockouts, UnlockLinks links, AccountMail mail, TimeProvider time, ILogger<SelfServiceUnlock> log,
    IOptionsMonitor<LockoutPolicyOptions> lockout)
{
    /// <summary>
    /// Mails an unlock link when <paramref name="email"/> is a confirmed account under a lock its owner may lift;
    /// otherwise does nothing. The caller throttles per account and answers the same either way.
    /// </summary>
    public async Task RequestAsync(string email, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(email);

        // The name's row is read whether or not it is an account's (unknown names have rows too), so both do the
        // same reads (ASVS 6.3.8).
        var row = await lockouts.ReadAsync(user?.NormalizedUserName ?? users.NormalizeName(email), cancellationToken);
        if (user is null || !user.EmailConfirmed)
        {
            return;
        }

        if (row?.LockedAt is not { } lockedAt || !LockoutPolicy.OwnerMayLift(row.ToState(), time.GetUtcNow(), lockout.CurrentValue.MaxConsecutiveFailures))
        {
            LogNotLiftable(user.Id);
            return;
        }

        await mail.SendUnlockLinkAsync(user, lockedAt, cancellationToken);
    }

    /// <summary>Whether the link would lift a lock now. Reads only: opening a link (mail scanners do) changes nothing.</summary>
    public async Task<bool> IsUsableAsync(string? userId, string? code, CancellationToken cancellationToken) =>
        await FindAsync(userId, cancellationToken) is { } found && Usable(found.Row, found.User.Id, found.User.SecurityStamp, code, time.GetUtcNow());

    /// <summary>
    /// Lifts the lock the link was issued for, with the devices' own locks, and writes the audit event in the same
    /// transaction. False, with nothing changed, for a link that is expired, used, tampered with or someone else's.
    /// </summary>
    public async Task<bool> UnlockAsync(string? userId, string? code, string address, CancellationToken cancellationToken)
    {
        var found = await FindAsync(userId, cancellationToken);
        var now = time.GetUtcNow();
        if (found is not ({ } user, { } before) || !Usable(before, user.Id, user.SecurityStamp, code, now))
        {
            LogRefused(userId?.Length > 64 ? userId[..64] : userId);
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Conditional on the very lock the link names: of two posts of one link, the second finds it lifted.
        if (!await lockouts.UnlockByOwnerAsync(before.Key, before.LockedAt!.Value, now, cancellationToken))
        {
            LogRefused(user.Id);
            return false;
        }

        await lockouts.ClearDeviceLocksAsync(user.Id, cancellationToken);
        await eventLog.AddAsync(db, SecurityEvents.AccountUnlockedByOwner(
            user.Id, before.Key, address, new AccountUnlockedByOwnerDetails(before.Tier, before.Failures, before.ConsecutiveFailures, before.LockedUntil), now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        LogUnlocked(user.Id);
        return true;
    }

    private bool Usable(AccountLockout row, string userId, string? securityStamp, string? code, DateTimeOffset now) =>
        LockoutPolicy.OwnerMayLift(row.ToState(), now, lockout.CurrentValue.MaxConsecutiveFailures) && links.IsValid(code, userId, securityStamp, row.LockedAt);

    private async Task<(AppUser User, AccountLockout Row)?> FindAsync(string? userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userId) || userId.Length > 128)
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user?.NormalizedUserName is { } key && await lockouts.ReadAsync(key, cancellationToken) is { } row ? (user, row) : null;
    }

    [LoggerMessage(EventId = 3101, EventName = "UnlockLinkNotSent", Level = LogLevel.Information,
        Message = "Unlock link asked for user {UserId}, whose account is under no lock its owner may lift: no mail")]
    private partial void LogNotLiftable(string userId);

    [LoggerMessage(EventId = 3102, EventName = "UnlockedByOwner", Level = LogLevel.Information,
        Message = "User {UserId} lifted the lock on their account with a mailed unlock link")]
    private partial void LogUnlocked(string userId);

    [LoggerMessage(EventId = 3103, EventName = "UnlockLinkRefused", Level = LogLevel.Warning,
        Message = "An unlock link for user {UserId} was refused: expired, used, tampered with, or the lock is not one its owner may lift")]
    private partial void LogRefused(string? userId);
}
