using System.Security.Claims;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace AdminConsole.Components.Account;

/// <summary>
/// Keeps the sign-in ticket on the server (<see cref="SessionStore"/>): the cookie carries a random session id. A
/// session ended anywhere stops at its next request here; a ticket read from the database is reused for at most
/// <see cref="CacheFor"/>, and ending a session in this instance drops it from the cache at once.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A singleton for the app's life; the MemoryCache owns no timer or handle, and the cookie handler may still read tickets while the host stops.")]
internal sealed class SessionTicketStore : ITicketStore
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly IDataProtector protector;
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public SessionTicketStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, SessionSignal signal, TimeProvider time)
    {
        this.scopes = scopes;
        this.time = time;
        protector = protection.CreateProtector("AdminConsole.SessionTicket.v1");
        signal.Ended += () => cache.Clear();
    }

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null!, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var id = SessionStore.NewId();
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("A sign-in ticket without a user id cannot start a session.");
        Stamp(ticket, id);
        var now = time.GetUtcNow();
        var userAgent = httpContext?.Request.Headers.UserAgent.ToString();
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SessionStore>().CreateAsync(new UserSession
        {
            Id = id,
            UserId = userId,
            Kind = SessionKind.Browser,
            CreatedAt = now,
            LastSeenAt = now,
            Address = httpContext?.Connection.RemoteIpAddress is { } ip ? ClientAddress.Canonical(ip).ToString() : null,
            UserAgent = userAgent is { Length: > UserSession.UserAgentMaxLength } ? userAgent[..UserSession.UserAgentMaxLength] : userAgent,
            ExpiresAt = ticket.Properties.ExpiresUtc,
            Ticket = Protect(ticket),
        }, cancellationToken);
        return id;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        cache.Remove(key);
        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<SessionStore>();

        // The cookie handler also calls this when someone signs in over a browser that still holds a session
        // (a shared or kiosk browser). Renewing would hand the new user's sign-in to whoever kept the old cookie
        // (session fixation): a session is only ever renewed for the user who started it, and anything else ends it.
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (await sessions.FindOpenAsync(key, cancellationToken) is not { } session || session.UserId != userId)
        {
            await sessions.SignOutAsync(key, cancellationToken);
            return;
        }

        Stamp(ticket, key, session.CreatedAt);
        await sessions.RenewAsync(key, Protect(ticket), ticket.Properties.ExpiresUtc, cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        if (key.Length != UserSession.IdLength)
        {
            return null;
        }

        if (cache.TryGetValue(key, out AuthenticationTicket? cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<SessionStore>();
        if (await sessions.FindOpenAsync(key, cancellationToken) is not { } session)
        {
            return null;
        }

        // Only a stale last-seen time is written: an UPDATE per request would take SQLite's write lock from sign-ins.
        if (session.LastSeenAt < time.GetUtcNow() - SessionStore.TouchInterval)
        {
            await sessions.TouchAsync(key, cancellationToken);
        }
        var ticket = Unprotect(session.Ticket);
        if (ticket is not null)
        {
            cache.Set(key, ticket, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = CacheFor });
        }

        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        cache.Remove(key);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SessionStore>().SignOutAsync(key, cancellationToken);
    }

    /// <summary>
    /// The session id travels in the principal, so pages and the API know which session is "this one", and so does
    /// the session's start: a refreshed sign-in (profile saved, password changed) must not restart the absolute lifetime.
    /// </summary>
    private static void Stamp(AuthenticationTicket ticket, string id, DateTimeOffset? started = null)
    {
        if (ticket.Principal.Identity is not ClaimsIdentity identity)
        {
            return;
        }

        if (!identity.HasClaim(c => c.Type == SessionCookies.SessionClaim))
        {
            identity.AddClaim(new Claim(SessionCookies.SessionClaim, id));
        }

        if (started is { } at)
        {
            foreach (var claim in identity.FindAll(SessionCookies.StartedClaim).ToList())
            {
                identity.RemoveClaim(claim);
            }

            identity.AddClaim(new Claim(SessionCookies.StartedClaim, at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private byte[] Protect(AuthenticationTicket ticket) => protector.Protect(TicketSerializer.Default.Serialize(ticket));

    private AuthenticationTicket? Unprotect(byte[] data)
    {
        try
        {
            return TicketSerializer.Default.Deserialize(protector.Unprotect(data));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // a key that is gone: the session cannot be resumed
        }
    }
}
