using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AdminConsole.Core.Sessions;

/// <summary>What a token client holds: a short access token and the refresh token that renews it.</summary>
public sealed record TokenPair(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken);

public enum RefreshOutcome
{
    Issued,

    /// <summary>Unknown, expired, or its session has ended.</summary>
    Invalid,

    /// <summary>A spent token came back: the session is ended and the owner told.</summary>
    Reused,
}

public sealed record RefreshResult(RefreshOutcome Outcome, TokenPair? Pair = null);

/// <summary>
/// Sessions for API clients (OWASP: short-lived access tokens, rotating refresh tokens, theft detection). A session
/// is a <see cref="UserSession"/> of kind <see cref="SessionKind.TokenClient"/>; its access tokens are JWTs that name
/// it and are refused once it ends; its refresh tokens are opaque, stored only hashed, and each works once. A spent
/// refresh token presented again ends the whole session, writes a Critical <c>RefreshTokenReuse</c> event and mails
/// the owner.
/// </summary>
public sealed class TokenService(
    SecurityDbContext db,
    SessionStore sessions,
    SigningKeyRing keys,
    UserManager<AppUser> users,
    IOptions<ApiTokenOptions> options,
    TimeProvider time)
{
    public const string SessionClaim = "sid";
    public const string RoleClaim = "role";
    public const string NameClaim = "name";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Starts a token session for a user whose credentials the sign-in pipeline has just accepted.</summary>
    public async Task<TokenPair> StartAsync(AppUser user, string? address, string? userAgent, CancellationToken cancellationToken)
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
        return await IssueAsync(user, id, now, cancellationToken);
    }

    /// <summary>Exchanges a refresh token for a new pair, once.</summary>
    public async Task<RefreshResult> RefreshAsync(string refreshToken, string? address, CancellationToken cancellationToken)
    {
        var hash = Hash(refreshToken);
        var now = time.GetUtcNow();
        var row = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        if (row is null || row.ExpiresAt <= now)
        {
            return new(RefreshOutcome.Invalid);
        }

        if (row.SpentAt is not null)
        {
            await ReusedAsync(row.SessionId, address, now, cancellationToken);
            return new(RefreshOutcome.Reused);
        }

        // Spend it with a condition: of two concurrent refreshes with one token, one wins and the other is a reuse.
        if (await db.RefreshTokens.Where(t => t.Hash == hash && t.SpentAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.SpentAt, now), cancellationToken) == 0)
        {
            await ReusedAsync(row.SessionId, address, now, cancellationToken);
            return new(RefreshOutcome.Reused);
        }

        var session = await sessions.FindOpenAsync(row.SessionId, cancellationToken);
        var user = session is null ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == session.UserId, cancellationToken);
        if (session is null || user is null || user.IsDisabled || user.PasswordChangeRequired || await users.IsLockedOutAsync(user))
        {
            return new(RefreshOutcome.Invalid);
        }

        await sessions.TouchAsync(session.Id, cancellationToken);
        return new(RefreshOutcome.Issued, await IssueAsync(user, session.Id, now, cancellationToken));
    }

    /// <summary>Ends the session a refresh token belongs to (the client signs out). False when the token is unknown.</summary>
    public async Task<bool> RevokeAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var hash = Hash(refreshToken);
        var sessionId = await db.RefreshTokens.Where(t => t.Hash == hash).Select(t => t.SessionId).SingleOrDefaultAsync(cancellationToken);
        return sessionId is not null && await sessions.SignOutAsync(sessionId, cancellationToken) > 0;
    }

    /// <summary>Validation settings for access tokens, for the bearer handler.</summary>
    public static TokenValidationParameters ValidationParameters(SigningKeyRing keys) => new()
    {
        ValidIssuer = ApiTokenOptions.Issuer,
        ValidAudience = ApiTokenOptions.Audience,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        IssuerSigningKeyResolver = (_, _, keyId, _) => keys.Verifying(keyId),
        NameClaimType = NameClaim,
        RoleClaimType = RoleClaim,
        ClockSkew = TimeSpan.FromSeconds(30),
        RequireExpirationTime = true,
        RequireSignedTokens = true,
    };

    private async Task<TokenPair> IssueAsync(AppUser user, string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var refresh = Base64Url(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken { Hash = Hash(refresh), SessionId = sessionId, CreatedAt = now, ExpiresAt = now + o.RefreshTokenLifetime });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync(cancellationToken);
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id),
            new(NameClaim, user.UserName ?? ""),
            new(SessionClaim, sessionId),
            new(JwtRegisteredClaimNames.Jti, Base64Url(RandomNumberGenerator.GetBytes(16))),
        };
        claims.AddRange(roles.Select(r => new Claim(RoleClaim, r)));
        var key = await keys.CurrentAsync(cancellationToken);
        var access = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ApiTokenOptions.Issuer,
            Audience = ApiTokenOptions.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + o.AccessTokenLifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return new TokenPair(access, "Bearer", (int)o.AccessTokenLifetime.TotalSeconds, refresh);
    }

    private async Task ReusedAsync(string sessionId, string? address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await db.UserSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == session.UserId).Select(u => u.NormalizedUserName).SingleOrDefaultAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ended = await sessions.EndWithinAsync(session.UserId, sessionId, SecurityEvent.SystemActor, "A spent refresh token was presented again", cancellationToken);
        db.SecurityEvents.Add(SecurityEvents.RefreshTokenReuse(
            session.UserId, user, address, new RefreshTokenReuseDetails(sessionId, SessionWasOpen: ended > 0, session.Address), now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private static string Hash(string token) => Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
