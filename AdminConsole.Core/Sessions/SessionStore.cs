using System.Security.Cryptography;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;

namespace AdminConsole.Core.Sessions;

/// <summary>A session as the sessions page and the API show it.</summary>
public sealed record SessionView(
    string Id, bool Current, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string? Address, string? UserAgent, SessionKind Kind)
{
    /// <summary>Browser and operating system in words, e.g. "Chrome 131 on Windows".</summary>
    public string Device => UserAgentSummary.Describe(UserAgent);

    /// <summary>The applications this session signed in to over OpenID Connect, by their display names.</summary>
    public IReadOnlyList<string> Applications { get; init; } = [];
}

/// <summary>
/// The server side of sign-in sessions: created at sign-in, read on every request, ended by the user, an admin or
/// sign-out. Every statement that ends sessions is conditional, so two instances ending the same session race
/// harmlessly; an end by someone other than the session's own sign-out is audited. Every end queues the back-channel
/// logouts of the applications the session signed in to, in the same transaction (<see cref="OpenId.BackChannelLogouts"/>).
/// </summary>
public sealed class SessionStore(Audit.ISecurityEventLog eventLog, SecurityDbContext db, SessionSignal signal, OpenId.BackChannelLogouts logouts, TimeProvider time)
{
    /// <summary>Last-seen times are written at most this often per session (not once per request).</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public static string NewId() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public async Task CreateAsync(UserSession session, CancellationToken cancellationToken)
    {
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>The session if it is still open.</summary>
    public Task<UserSession?> FindOpenAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.UserSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.EndedAt == null && (s.ExpiresAt == null || s.ExpiresAt > now), cancellationToken);
    }

    /// <summary>Whether the user's session was never ended (its idle or absolute expiry aside).</summary>
    public Task<bool> IsNotEndedAsync(string id, string userId, CancellationToken cancellationToken) =>
        db.UserSessions.AnyAsync(s => s.Id == id && s.UserId == userId && s.EndedAt == null, cancellationToken);

    public Task<bool> IsOpenAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.UserSessions.AnyAsync(s => s.Id == id && s.EndedAt == null && (s.ExpiresAt == null || s.ExpiresAt > now), cancellationToken);
    }

    /// <summary>Records activity, at most once per <see cref="TouchInterval"/>.</summary>
    public Task TouchAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = now - TouchInterval;
        return db.UserSessions.Where(s => s.Id == id && s.EndedAt == null && s.LastSeenAt < before)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
    }

    /// <summary>Stores a renewed ticket (sliding expiry, refreshed claims) for an open session.</summary>
    public Task<int> RenewAsync(string id, byte[] ticket, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.UserSessions.Where(s => s.Id == id && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Ticket, ticket).SetProperty(x => x.ExpiresAt, expiresAt).SetProperty(x => x.LastSeenAt, now), cancellationToken);
    }

    /// <summary>The user's open sessions, most recently used first; <paramref name="currentId"/> is marked.</summary>
    public async Task<IReadOnlyList<SessionView>> ListAsync(string userId, string? currentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAt == null && (s.ExpiresAt == null || s.ExpiresAt > now))
            .OrderByDescending(s => s.LastSeenAt)
            .Select(s => new { s.Id, s.CreatedAt, s.LastSeenAt, s.Address, s.UserAgent, s.Kind })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(s => s.Id).ToList();
        var applications = (await (
                from a in db.SessionApplications.AsNoTracking()
                where ids.Contains(a.SessionId)
                join c in db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>() on a.ClientId equals c.ClientId into clients
                from c in clients.DefaultIfEmpty()
                orderby a.FirstAt
                select new { a.SessionId, Name = c.DisplayName ?? a.ClientId })
            .ToListAsync(cancellationToken))
            .ToLookup(a => a.SessionId, a => a.Name);
        return [.. rows.Select(s => new SessionView(s.Id, s.Id == currentId, s.CreatedAt, s.LastSeenAt, s.Address, s.UserAgent, s.Kind) { Applications = [.. applications[s.Id]] })];
    }

    /// <summary>The session's own sign-out: ended, not audited (the attempt log has the sign-in).</summary>
    public async Task<int> SignOutAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ended = await db.UserSessions.Where(s => s.Id == id && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndedBy, "sign-out"), cancellationToken);
        if (ended > 0)
        {
            await logouts.QueueAsync([id], cancellationToken);
            await signal.EndedAsync(db); // the session's consoles in other tabs end too
        }

        await transaction.CommitAsync(cancellationToken);
        return ended;
    }

    /// <summary>
    /// Ends the user's open sessions (one, when <paramref name="sessionId"/> is given) inside the caller's
    /// transaction, which audits it. Returns how many ended.
    /// </summary>
    public async Task<int> EndWithinAsync(string userId, string? sessionId, string actor, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        reason = reason.Length > UserSession.ReasonMaxLength ? reason[..UserSession.ReasonMaxLength] : reason;
        var ids = await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null && (sessionId == null || s.Id == sessionId))
            .Select(s => s.Id).ToListAsync(cancellationToken);
        var ended = ids.Count == 0 ? 0 : await db.UserSessions
            .Where(s => ids.Contains(s.Id) && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndedBy, actor).SetProperty(x => x.EndReason, reason), cancellationToken);
        if (ended > 0)
        {
            await logouts.QueueAsync(ids, cancellationToken);
            await signal.EndedAsync(db);
        }

        return ended;
    }

    /// <summary>
    /// Ends one of a user's sessions (<paramref name="sessionId"/>), or all but <paramref name="exceptId"/> when
    /// <paramref name="sessionId"/> is null, and audits it. Returns how many ended.
    /// </summary>
    public async Task<int> EndAsync(
        string userId, string? sessionId, string? exceptId, string actor, string? address, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        reason = reason.Length > UserSession.ReasonMaxLength ? reason[..UserSession.ReasonMaxLength] : reason;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await db.UserSessions
            .Where(s => s.UserId == userId && s.EndedAt == null)
            .Where(s => sessionId == null ? s.Id != exceptId : s.Id == sessionId)
            .Select(s => s.Id).ToListAsync(cancellationToken);
        var ended = ids.Count == 0 ? 0 : await db.UserSessions
            .Where(s => ids.Contains(s.Id) && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndedBy, actor).SetProperty(x => x.EndReason, reason), cancellationToken);
        if (ended > 0)
        {
            await logouts.QueueAsync(ids, cancellationToken);
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.NormalizedUserName).SingleOrDefaultAsync(cancellationToken);
            await eventLog.AddAsync(db, SecurityEvents.SessionsRevoked(
                actor, userId, user, address, reason, new SessionsRevokedDetails(ended, sessionId, exceptId), now), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (ended > 0)
        {
            await signal.EndedAsync(db);
        }

        return ended;
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
