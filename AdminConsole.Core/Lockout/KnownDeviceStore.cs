using System.Security.Cryptography;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;

namespace AdminConsole.Core.Lockout;

/// <summary>
/// The life of <see cref="KnownDevice"/> rows: found for a request, created or seen again after a sign-in, revoked,
/// listed. Their lockout counters belong to <see cref="LockoutStore"/>. Revocation is conditional and returns how
/// many devices it ended, so callers audit only what changed.
/// </summary>
public sealed class KnownDeviceStore(Audit.ISecurityEventLog eventLog, SecurityDbContext db, LockoutStore lockouts, DeviceLanePolicy lanes, TimeProvider time)
{
    /// <summary>The device's state when <paramref name="id"/> names a device of <paramref name="accountKey"/>.</summary>
    public async Task<KnownDeviceState?> FindAsync(string? id, string accountKey, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return null;
        }

        var row = await db.KnownDevices.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.AccountKey == accountKey, cancellationToken);
        return row?.ToState();
    }

    /// <summary>
    /// After a successful sign-in: the device the request already had (unrevoked, same account) starts afresh and is
    /// seen now; otherwise a new device is created. Returns the id for the cookie.
    /// </summary>
    public async Task<string> RememberAsync(
        string? existingId, string userId, string accountKey, string? address, string? userAgent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        userAgent = userAgent is { Length: > KnownDevice.UserAgentMaxLength } ? userAgent[..KnownDevice.UserAgentMaxLength] : userAgent;
        if (existingId is not null)
        {
            var touched = await db.KnownDevices
                .Where(d => d.Id == existingId && d.AccountKey == accountKey && d.RevokedAt == null)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(d => d.LastSeenAt, now).SetProperty(d => d.Address, address).SetProperty(d => d.UserAgent, userAgent)
                          .SetProperty(d => d.Failures, 0).SetProperty(d => d.LastFailureAt, (DateTimeOffset?)null)
                          .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null),
                    cancellationToken);
            if (touched == 1)
            {
                return existingId;
            }
        }

        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.KnownDevices.Add(new KnownDevice
        {
            Id = id,
            UserId = userId,
            AccountKey = accountKey,
            CreatedAt = now,
            LastSeenAt = now,
            Address = address,
            UserAgent = userAgent,
        });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return id;
    }

    /// <summary>
    /// Ends the user's devices (one, when <paramref name="deviceId"/> is given) inside the caller's transaction:
    /// each is a stranger again at its next sign-in. Returns how many ended.
    /// </summary>
    public Task<int> RevokeWithinAsync(string userId, string? deviceId, string revokedBy, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        reason = reason.Length > KnownDevice.ReasonMaxLength ? reason[..KnownDevice.ReasonMaxLength] : reason;
        return db.KnownDevices
            .Where(d => d.UserId == userId && d.RevokedAt == null && (deviceId == null || d.Id == deviceId))
            .ExecuteUpdateAsync(
                s => s.SetProperty(d => d.RevokedAt, now).SetProperty(d => d.RevokedBy, revokedBy).SetProperty(d => d.RevokeReason, reason),
                cancellationToken);
    }

    /// <summary>
    /// Ends every device of the user in its own transaction and audits it when any ended: after a password change
    /// or reset, a device that knew the old password is a stranger again.
    /// </summary>
    public async Task<int> RevokeAllAsync(string userId, string? userName, string revokedBy, string? address, string reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ended = await RevokeWithinAsync(userId, deviceId: null, revokedBy, reason, cancellationToken);
        if (ended > 0)
        {
            await eventLog.AddAsync(db, SecurityEvents.KnownDevicesRevoked(
                revokedBy, userId, userName, address, reason, new KnownDevicesRevokedDetails(ended, Device: null), time.GetUtcNow()), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return ended;
    }

    /// <summary>The user's devices still in force, most recently seen first.</summary>
    public async Task<IReadOnlyList<KnownDeviceView>> ListAsync(string userId, CancellationToken cancellationToken) =>
        await db.KnownDevices.AsNoTracking()
            .Where(d => d.UserId == userId && d.RevokedAt == null)
            .OrderByDescending(d => d.LastSeenAt)
            .Select(d => new KnownDeviceView(d.Id, d.CreatedAt, d.LastSeenAt, d.Address, d.UserAgent, d.Failures, d.LockedUntil))
            .ToListAsync(cancellationToken);

    /// <summary>What the account page shows: how far the account's lock reaches and its devices in force.</summary>
    public async Task<AccountDevices> ForAccountAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.NormalizedUserName, u.IsDisabled }).SingleOrDefaultAsync(cancellationToken);
        var state = user?.NormalizedUserName is { } key ? await lockouts.GetStateAsync(key, cancellationToken) : LockoutState.Clean;
        var scope = lanes.Scope(state, user?.IsDisabled == true, time.GetUtcNow());
        return new AccountDevices(scope, await ListAsync(userId, cancellationToken));
    }
}
