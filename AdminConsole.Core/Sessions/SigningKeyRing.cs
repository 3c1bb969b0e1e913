using System.Security.Cryptography;
using AdminConsole.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace AdminConsole.Core.Sessions;

/// <summary>
/// The keys that sign access tokens: 256-bit HMAC keys kept in the database, their material data-protected (so they
/// are as safe as the data-protection key ring, and encrypted at rest when that is). The newest key signs; a key
/// older than <see cref="ApiTokenOptions.SigningKeyLifetime"/> is replaced by a new one at the next signing, and keeps
/// verifying for one more access-token lifetime. Every instance reads the same keys.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A singleton for the app's life; its SemaphoreSlim holds no handle (AvailableWaitHandle is never read).")]
public sealed class SigningKeyRing(IServiceScopeFactory scopes, IDataProtectionProvider protection, IOptions<ApiTokenOptions> options, TimeProvider time)
{
    private static readonly TimeSpan RereadAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan UnknownKeyReread = TimeSpan.FromSeconds(5);

    private readonly IDataProtector protector = protection.CreateProtector("AdminConsole.TokenSigningKey.v1");
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Ring? ring;

    /// <summary>The key to sign with now, made when there is none or the newest is too old.</summary>
    public async Task<SymmetricSecurityKey> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = await RingAsync(cancellationToken);
        if (current.Newest is { } newest && now - newest.CreatedAt < options.Value.SigningKeyLifetime)
        {
            return newest.Key;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            current = await LoadAsync(cancellationToken);
            if (current.Newest is { } again && now - again.CreatedAt < options.Value.SigningKeyLifetime)
            {
                return again.Key;
            }

            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
            db.TokenSigningKeys.Add(new TokenSigningKey { Id = id, Material = protector.Protect(RandomNumberGenerator.GetBytes(32)), CreatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
            return (await LoadAsync(cancellationToken)).Newest!.Key;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Keys that may still verify a token (for the bearer handler's key resolver; synchronous by contract).</summary>
    public IEnumerable<SecurityKey> Verifying(string? keyId)
    {
        // An unknown key id rereads the keys at most every few seconds: a flood of made-up ids costs no database
        // read each (the signature is checked only after the key is found).
        var current = ring;
        var now = time.GetUtcNow();
        if (current is null || now - current.LoadedAt > RereadAfter
            || (keyId is not null && current.Keys.All(k => k.Key.KeyId != keyId) && now - current.LoadedAt > UnknownKeyReread))
        {
            current = LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        return current.Keys.Where(k => keyId is null || k.Key.KeyId == keyId).Select(k => k.Key);
    }

    private async Task<Ring> RingAsync(CancellationToken cancellationToken)
    {
        var current = ring;
        return current is not null && time.GetUtcNow() - current.LoadedAt < RereadAfter ? current : await LoadAsync(cancellationToken);
    }

    private async Task<Ring> LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        var oldest = now - o.SigningKeyLifetime - o.AccessTokenLifetime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var rows = await db.TokenSigningKeys.AsNoTracking().Where(k => k.CreatedAt > oldest).ToListAsync(cancellationToken);
        var keys = rows.OrderByDescending(k => k.CreatedAt)
            .Select(k => new Entry(new SymmetricSecurityKey(protector.Unprotect(k.Material)) { KeyId = k.Id }, k.CreatedAt))
            .ToList();
        var loaded = new Ring(keys, now);
        ring = loaded;
        return loaded;
    }

    private sealed record Entry(SymmetricSecurityKey Key, DateTimeOffset CreatedAt);

    private sealed record Ring(List<Entry> Keys, DateTimeOffset LoadedAt)
    {
        public Entry? Newest => Keys.FirstOrDefault();
    }
}
