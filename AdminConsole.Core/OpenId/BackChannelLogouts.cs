using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AdminConsole.Core.Data;
using OpenIddict.EntityFrameworkCore.Models;

namespace AdminConsole.Core.OpenId;

/// <summary>
/// Which applications each session signed in to, and, when sessions end (for any reason: the user, sign out
/// everywhere, an admin, a lock, disabling, a password change or reset, refresh-token reuse), a back-channel logout
/// queued for each of them that has a back-channel logout URI. The queue is the outbox that
/// <see cref="BackChannelLogoutSender"/> sends; it is written with the session's end, in the same transaction.
/// </summary>
public sealed class BackChannelLogouts(SecurityDbContext db, BackChannelLogoutSignal signal, AfterCommit afterCommit, TimeProvider time)
{
    /// <summary>The session claim of identity and logout tokens (OpenID Connect Back-Channel Logout 1.0, section 2.1).</summary>
    public const string SessionIdClaim = "sid";

    /// <summary>
    /// The session as applications see it (<c>sid</c> in identity and logout tokens): derived from the session id,
    /// which itself never leaves the server.
    /// </summary>
    public static string SessionIdentifier(string sessionId) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("adminconsole-sid:" + sessionId)), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The session signed in to the application (at the authorize endpoint).</summary>
    public async Task SignedInAsync(string sessionId, string clientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await db.SessionApplications.Where(a => a.SessionId == sessionId && a.ClientId == clientId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastAt, now), cancellationToken) > 0)
        {
            return;
        }

        db.SessionApplications.Add(new SessionApplication { SessionId = sessionId, ClientId = clientId, FirstAt = now, LastAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same session signed in to the same application at the same moment: the other insert recorded it.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Queues the logouts of sessions that have just ended, inside the caller's transaction.</summary>
    public async Task QueueAsync(IReadOnlyCollection<string> endedSessionIds, CancellationToken cancellationToken)
    {
        if (endedSessionIds.Count == 0)
        {
            return;
        }

        var signedIn = await (
                from a in db.SessionApplications.AsNoTracking()
                join s in db.UserSessions.AsNoTracking() on a.SessionId equals s.Id
                where endedSessionIds.Contains(a.SessionId)
                select new SignedIn(a.SessionId, a.ClientId, s.UserId))
            .ToListAsync(cancellationToken);
        await QueueAsync(signedIn, cancellationToken);
    }

    /// <summary>
    /// The user took the application's access away: each of the user's sessions that signed in to it is logged out
    /// of it (the sessions themselves go on), inside the caller's transaction. Returns how many sessions it was.
    /// </summary>
    public async Task<int> QueueForApplicationAsync(string userId, string clientId, CancellationToken cancellationToken)
    {
        var signedIn = await (
                from a in db.SessionApplications.AsNoTracking()
                join s in db.UserSessions.AsNoTracking() on a.SessionId equals s.Id
                where s.UserId == userId && a.ClientId == clientId && s.EndedAt == null
                select new SignedIn(a.SessionId, a.ClientId, s.UserId))
            .ToListAsync(cancellationToken);
        await QueueAsync(signedIn, cancellationToken);
        var sessionIds = signedIn.Select(a => a.SessionId).ToList();
        await db.SessionApplications.Where(a => a.ClientId == clientId && sessionIds.Contains(a.SessionId)).ExecuteDeleteAsync(cancellationToken);
        return signedIn.Count;
    }

    private async Task QueueAsync(List<SignedIn> signedIn, CancellationToken cancellationToken)
    {
        if (signedIn.Count == 0)
        {
            return;
        }

        var uris = await BackChannelLogoutUrisAsync(signedIn.Select(a => a.ClientId).Distinct().ToList(), cancellationToken);
        var now = time.GetUtcNow();
        var queued = 0;
        foreach (var a in signedIn)
        {
            if (uris.TryGetValue(a.ClientId, out var url))
            {
                db.BackChannelLogouts.Add(new BackChannelLogout
                {
                    ClientId = a.ClientId, Url = url, UserId = a.UserId, SessionId = a.SessionId, CreatedAt = now, NextAttemptAt = now,
                });
                queued++;
            }
        }

        if (queued > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();

            // Woken before the commit, the sender would read no due row and sleep for its poll interval (5 s).
            await afterCommit.RunAsync(db, () =>
            {
                signal.Notify();
                return Task.CompletedTask;
            });
        }
    }

    /// <summary>The back-channel logout URI each of these applications registered (configuration or console).</summary>
    private async Task<Dictionary<string, string>> BackChannelLogoutUrisAsync(List<string> clientIds, CancellationToken cancellationToken)
    {
        var stored = await db.Set<OpenIddictEntityFrameworkCoreApplication>().AsNoTracking()
            .Where(a => a.ClientId != null && clientIds.Contains(a.ClientId) && a.Properties != null)
            .Select(a => new { a.ClientId, a.Properties })
            .ToListAsync(cancellationToken);
        var uris = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in stored)
        {
            using var properties = JsonDocument.Parse(a.Properties!);
            if (properties.RootElement.TryGetProperty(OpenIdClientTypes.BackChannelLogoutUriProperty, out var uri) && uri.ValueKind == JsonValueKind.String)
            {
                uris[a.ClientId!] = uri.GetString()!;
            }
        }

        return uris;
    }

    private sealed record SignedIn(string SessionId, string ClientId, string UserId);
}
