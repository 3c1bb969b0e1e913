using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace AdminConsole.Core.OpenId;

/// <summary>An application that holds access to an account: what it may read, since when, and when it last used it.</summary>
public sealed record ApplicationAccess(string ClientId, string DisplayName, IReadOnlyList<string> Scopes, DateTimeOffset Since, DateTimeOffset? LastUsed);

/// <summary>
/// The applications a person has let sign them in ("Apps with access"), and taking that access back: the grants
/// and every token the application holds for the account are revoked, and each session that signed in to it gets
/// its back-channel logout, in one transaction with the audit entry.
/// </summary>
public sealed class UserApplications(
    Audit.ISecurityEventLog eventLog,
    SecurityDbContext db,
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    BackChannelLogouts logouts,
    TimeProvider time)
{
    /// <summary>Applications with a valid grant for the account, most recently used first (the token API's own is not one).</summary>
    public async Task<List<ApplicationAccess>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var grants = await db.Set<OpenIddictEntityFrameworkCoreAuthorization>().AsNoTracking()
            .Where(a => a.Subject == userId && a.Status == OpenIddictConstants.Statuses.Valid && a.Application != null
                && a.Application.ClientId != ApiTokenClient.ClientId)
            .Select(a => new
            {
                a.Application!.ClientId,
                a.Application.DisplayName,
                a.Scopes,
                a.CreationDate,
                LastToken = a.Tokens.Max(t => t.CreationDate),
            })
            .ToListAsync(cancellationToken);
        var signedIn = await (
                from a in db.SessionApplications.AsNoTracking()
                join s in db.UserSessions.AsNoTracking() on a.SessionId equals s.Id
                where s.UserId == userId
                group a by a.ClientId into g
                select new { ClientId = g.Key, LastAt = g.Max(a => a.LastAt) })
            .ToDictionaryAsync(a => a.ClientId, a => a.LastAt, cancellationToken);
        return grants
            .GroupBy(g => g.ClientId!, StringComparer.Ordinal)
            .Select(g =>
            {
                var scopes = g.SelectMany(a => System.Text.Json.JsonSerializer.Deserialize<string[]>(a.Scopes ?? "[]") ?? []).ToHashSet(StringComparer.Ordinal);
                DateTimeOffset? lastToken = g.Max(a => a.LastToken) is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
                DateTimeOffset? lastSignIn = signedIn.TryGetValue(g.Key, out var at) ? at : null;
                return new ApplicationAccess(
                    g.Key,
                    g.First().DisplayName ?? g.Key,
                    OpenIdScopes.Supported.Where(scopes.Contains).ToList(),
                    g.Min(a => a.CreationDate) is { } since ? new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)) : time.GetUtcNow(),
                    lastToken > lastSignIn || lastSignIn is null ? lastToken : lastSignIn);
            })
            .OrderByDescending(a => a.LastUsed ?? a.Since)
            .ToList();
    }

    /// <summary>Takes the application's access away. False when it held none.</summary>
    public async Task<bool> RevokeAsync(string userId, string clientId, string actor, string? address, CancellationToken cancellationToken)
    {
        if (clientId == ApiTokenClient.ClientId || await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application
            || await applications.GetIdAsync(application, cancellationToken) is not { } applicationId)
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var grants = await authorizations.RevokeAsync(userId, applicationId, OpenIddictConstants.Statuses.Valid, type: null, cancellationToken);
        var revokedTokens = await tokens.RevokeAsync(userId, applicationId, status: null, type: null, cancellationToken);
        var sessions = await logouts.QueueForApplicationAsync(userId, clientId, cancellationToken);
        if (grants == 0 && sessions == 0)
        {
            return false; // nothing held: the transaction commits nothing
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.NormalizedUserName).SingleOrDefaultAsync(cancellationToken);
        var type = await applications.GetClientTypeAsync(application, cancellationToken) ?? OpenIdClientTypes.Public;
        await eventLog.AddAsync(db, SecurityEvents.ApplicationAccessRevoked(actor, userId, user, address,
            new ApplicationDetails(clientId, type, $"{grants} grants, {revokedTokens} tokens, {sessions} sessions"), time.GetUtcNow()), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }
}
