using System.Security.Cryptography;
using AdminConsole.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation;

namespace AdminConsole.Core.OpenId;

/// <summary>
/// The provider's keys, from the database, handed to OpenIddict's options. Each use (signing, encryption) has one key
/// in turn: the next key is made <see cref="OpenIdOptions.KeyPublishedAhead"/> before its turn begins, so the JWKS
/// shows it to every relying party before anything is signed with it; a retired key stays until the last token it
/// made has expired. <see cref="OpenIdKeyRotation"/> calls <see cref="RefreshAsync"/> on every instance each
/// <see cref="OpenIdOptions.KeyCheckInterval"/>; when the set changes, OpenIddict's options are rebuilt.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A singleton for the app's life; its SemaphoreSlim holds no handle and the RSA keys live as long as the app.")]
public sealed class OpenIdKeyRing(
    IServiceScopeFactory scopes,
    IDataProtectionProvider protection,
    IOptionsMonitor<OpenIdOptions> options,
    ILogger<OpenIdKeyRing> logger,
    TimeProvider time)
    : IConfigureOptions<OpenIddictServerOptions>, IOptionsChangeTokenSource<OpenIddictServerOptions>, IOptionsChangeTokenSource<OpenIddictValidationOptions>
{
    private readonly IDataProtector protector = protection.CreateProtector("AdminConsole.OpenIdKey.v1");
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<string, SecurityKey> loaded = [];
    private volatile Snapshot? current;
    private CancellationTokenSource changed = new();

    /// <summary>The keys in use now: the one that signs (or encrypts) first, then those published or kept beside it.</summary>
    public sealed record Snapshot(IReadOnlyList<(OpenIdKey Row, SecurityKey Key)> Signing, IReadOnlyList<(OpenIdKey Row, SecurityKey Key)> Encryption);

    public string? Name => Options.DefaultName;

    /// <summary>The keys as last read (read now, once, when nothing was read yet).</summary>
    public Snapshot Current => current ?? RefreshAsync(CancellationToken.None).GetAwaiter().GetResult();

    public IChangeToken GetChangeToken() => new CancellationChangeToken(changed.Token);

    public void Configure(OpenIddictServerOptions serverOptions)
    {
        var keys = Current;
        foreach (var (_, key) in keys.Signing)
        {
            serverOptions.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        }

        foreach (var (_, key) in keys.Encryption)
        {
            serverOptions.EncryptionCredentials.Add(new EncryptingCredentials((SymmetricSecurityKey)key, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }

    /// <summary>Makes the next key of each use when it is due, rereads the keys, and rebuilds the options when they changed.</summary>
    public async Task<Snapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var o = options.CurrentValue;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
            var rows = await db.OpenIdKeys.AsNoTracking().ToListAsync(cancellationToken);
            foreach (var use in Enum.GetValues<OpenIdKeyUse>())
            {
                if (Next(rows.Where(k => k.Use == use).ToList(), use, o, now) is { } next && await TryAddAsync(db, next, cancellationToken))
                {
                    OpenIdLog.KeyMade(logger, next.Id, use, next.ActiveFrom);
                }
            }

            rows = await db.OpenIdKeys.AsNoTracking().ToListAsync(cancellationToken);
            var kept = rows.Where(k => k.RetireAt + Retention(k.Use, o) > now).ToList();
            var snapshot = new Snapshot(Order(kept, OpenIdKeyUse.Signing, now), Order(kept, OpenIdKeyUse.Encryption, now));
            var before = current;
            current = snapshot;
            if (before is not null && !Same(before, snapshot))
            {
                var old = changed;
                changed = new CancellationTokenSource();
                await old.CancelAsync();
                old.Dispose();
            }

            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The key to make now, if any: the first one, or the next once the current turn ends within the publication lead.</summary>
    private OpenIdKey? Next(List<OpenIdKey> rows, OpenIdKeyUse use, OpenIdOptions o, DateTimeOffset now)
    {
        var last = rows.MaxBy(k => k.ActiveFrom);
        if (last is not null && last.RetireAt - o.KeyPublishedAhead > now)
        {
            return null;
        }

        // After a long stop the last turn may be over: the new key then starts now (nothing could have been signed in between).
        var activeFrom = last is null || last.RetireAt < now ? now : last.RetireAt;
        return new OpenIdKey
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Use = use,
            Material = protector.Protect(use == OpenIdKeyUse.Signing ? NewRsaKey() : RandomNumberGenerator.GetBytes(32)),
            CreatedAt = now,
            ActiveFrom = activeFrom,
            RetireAt = activeFrom + o.KeyLifetime,
        };
    }

    private static byte[] NewRsaKey()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKey();
    }

    /// <summary>False when another instance made the key for this turn first (the unique index on use and turn).</summary>
    private static async Task<bool> TryAddAsync(SecurityDbContext db, OpenIdKey key, CancellationToken cancellationToken)
    {
        db.OpenIdKeys.Add(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// How long a retired key is kept: the longest life of what it made, plus one check interval (an instance may
    /// still use it until its next check).
    /// </summary>
    private static TimeSpan Retention(OpenIdKeyUse use, OpenIdOptions o) => o.KeyCheckInterval + (use == OpenIdKeyUse.Signing
        ? (o.AccessTokenLifetime > o.IdentityTokenLifetime ? o.AccessTokenLifetime : o.IdentityTokenLifetime)
        : (o.RefreshTokenLifetime > o.AuthorizationCodeLifetime ? o.RefreshTokenLifetime : o.AuthorizationCodeLifetime));

    /// <summary>The key whose turn it is first (OpenIddict uses the first credential), then the others, newest first.</summary>
    private List<(OpenIdKey Row, SecurityKey Key)> Order(List<OpenIdKey> rows, OpenIdKeyUse use, DateTimeOffset now)
    {
        var ofUse = rows.Where(k => k.Use == use).OrderByDescending(k => k.ActiveFrom).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
        var active = ofUse.FirstOrDefault(k => k.ActiveFrom <= now) ?? ofUse.LastOrDefault();
        return [.. ofUse.OrderBy(k => k == active ? 0 : 1).Select(k => (k, Load(k)))];
    }

    private SecurityKey Load(OpenIdKey row)
    {
        if (loaded.TryGetValue(row.Id, out var key))
        {
            return key;
        }

        var material = protector.Unprotect(row.Material);
        if (row.Use == OpenIdKeyUse.Signing)
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(material, out _);
            key = new RsaSecurityKey(rsa) { KeyId = row.Id };
        }
        else
        {
            key = new SymmetricSecurityKey(material) { KeyId = row.Id };
        }

        loaded[row.Id] = key;
        return key;
    }

    private static bool Same(Snapshot a, Snapshot b) =>
        a.Signing.Select(k => k.Row.Id).SequenceEqual(b.Signing.Select(k => k.Row.Id))
        && a.Encryption.Select(k => k.Row.Id).SequenceEqual(b.Encryption.Select(k => k.Row.Id));
}
