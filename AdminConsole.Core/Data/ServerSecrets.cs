using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Core.Data;

/// <summary>
/// Named 256-bit secrets shared by every instance: made once (the first instance to need one inserts it, a
/// concurrent creator loses harmlessly), stored data-protected in <c>ServerSecrets</c>, cached per process.
/// </summary>
public sealed class ServerSecrets(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector protector = protection.CreateProtector("AdminConsole.ServerSecret.v1");
    private readonly ConcurrentDictionary<string, byte[]> cache = new();

    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(name, out var known))
        {
            return known;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var stored = await db.ServerSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.Material).SingleOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            await db.InsertIfMissingAsync(
                new ServerSecret { Name = name, Material = protector.Protect(RandomNumberGenerator.GetBytes(32)), CreatedAt = time.GetUtcNow() },
                cancellationToken);
            stored = await db.ServerSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.Material).SingleAsync(cancellationToken);
        }

        return cache.GetOrAdd(name, protector.Unprotect(stored));
    }
}
