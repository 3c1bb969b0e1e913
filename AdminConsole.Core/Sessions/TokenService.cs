using System.Security.Claims;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using OpenIddict.Abstractions;

namespace AdminConsole.Core.Sessions;

/// <summary>What a token client holds: a short access token and the refresh token that renews it.</summary>
public sealed record TokenPair(
    string AccessToken,
    string TokenType,
    int ExpiresIn,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken);

/// <summary>
/// Sessions for API clients (OWASP: short-lived access tokens, rotating refresh tokens, theft detection). A session
/// is a <see cref="UserSession"/> of kind <see cref="SessionKind.TokenClient"/>. Its tokens are made by the OpenID
/// Connect server for <see cref="OpenId.ApiTokenClient"/> from the principal built here: access tokens are JWTs
/// signed with the provider's keys that name the session and are refused once it ends; refresh tokens are reference
/// tokens in OpenIddict's store, each redeemed once. A spent refresh token presented again ends the whole session,
/// writes a Critical <c>RefreshTokenReuse</c> event and mails the owner (<see cref="OpenId.RefreshTokenReuseHandler"/>).
/// </summary>
public sealed class TokenService(
    Audit.ISecurityEventLog eventLog,
    SecurityDbContext db,
    SessionStore sessions,
    IOptions<ApiTokenOptions> options,
    TimeProvider time)
{
    public const string SessionClaim = "sid";
    public const string RoleClaim = OpenIddictConstants.Claims.Role;
    public const string NameClaim = OpenIddictConstants.Claims.Name;

    /// <summary>Starts a token session for a user whose credentials the sign-in pipeline has just accepted.</summary>
    public async Task<ClaimsPrincipal> StartAsync(AppUser user, string? address, string? userAgent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = SessionStore.NewId();
        await sessions.CreateAsync(new UserSession
        {
            Id = id,
            UserId = user.Id,
            Kind = SessionKind.TokenClient,
            CreatedAt = now,
            LastSeenAt = now,
            Address = address,
            UserAgent = userAgent is { Length: > UserSession.UserAgentMaxLength } ? userAgent[..UserSession.UserAgentMaxLength] : userAgent,
            ExpiresAt = now + options.Value.RefreshTokenLifetime,
        }, cancellationToken);
        return await PrincipalAsync(user, id, cancellationToken);
    }

    /// <summary>
    /// The principal for a refresh that the server has accepted (the token was valid and unspent), or null when its
    /// session has ended: ending a session ends its refresh tokens too.
    /// </summary>
    public async Task<ClaimsPrincipal?> RenewAsync(AppUser user, string? sessionId, CancellationToken cancellationToken)
    {
        if (sessionId is null || await sessions.FindOpenAsync(sessionId, cancellationToken) is not { } session || session.UserId != user.Id)
        {
            return null;
        }

        await sessions.TouchAsync(session.Id, cancellationToken);
        return await PrincipalAsync(user, session.Id, cancellationToken);
    }

    private async Task<ClaimsPrincipal> PrincipalAsync(AppUser user, string sessionId, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync(cancellationToken);
        var identity = new ClaimsIdentity(ApiTokenOptions.Audience, NameClaim, RoleClaim);
        identity.SetClaim(OpenIddictConstants.Claims.Subject, user.Id)
            .SetClaim(NameClaim, user.UserName ?? "")
            .SetClaim(SessionClaim, sessionId)
            .SetClaim(OpenId.OpenIdClaims.Session, sessionId)
            .SetClaims(RoleClaim, [.. roles]);
        identity.SetScopes(OpenIddictConstants.Scopes.OfflineAccess)
            .SetAudiences(ApiTokenOptions.Audience)
            .SetAccessTokenLifetime(o.AccessTokenLifetime)
            .SetRefreshTokenLifetime(o.RefreshTokenLifetime);
        identity.SetDestinations(claim => claim.Type is OpenIddictConstants.Claims.Subject or NameClaim or RoleClaim or SessionClaim
            ? [OpenIddictConstants.Destinations.AccessToken]
            : []);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// A spent refresh token came back (here, or at the OpenID Connect token endpoint for <paramref name="clientId"/>):
    /// the session it belongs to ends, and a Critical <c>RefreshTokenReuse</c> event tells admins and the owner.
    /// </summary>
    public async Task ReusedAsync(string sessionId, string? clientId, string? address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await db.UserSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == session.UserId).Select(u => u.NormalizedUserName).SingleOrDefaultAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ended = await sessions.EndWithinAsync(session.UserId, sessionId, SecurityEvent.SystemActor, "A spent refresh token was presented again", cancellationToken);
        await eventLog.AddAsync(db, SecurityEvents.RefreshTokenReuse(
            session.UserId, user, address, new RefreshTokenReuseDetails(sessionId, SessionWasOpen: ended > 0, session.Address, clientId), now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
