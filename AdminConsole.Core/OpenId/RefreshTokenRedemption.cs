using AdminConsole.Core.Data;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AdminConsole.Core.OpenId;

/// <summary>
/// Spends a refresh token with one conditional update before anything is issued for it. OpenIddict marks a refresh
/// token redeemed only after the new tokens are made and ignores a lost race there, so two refreshes racing with one
/// token could both win; here, of two concurrent refreshes exactly one finds the entry still valid (ASVS 15.4.2).
/// </summary>
public sealed class RefreshTokenRedemption(SecurityDbContext db, TimeProvider time)
{
    /// <summary>True when this request spent the token; false when another already had (or it has no entry).</summary>
    public async Task<bool> TrySpendAsync(string? tokenId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(tokenId))
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        return await db.Set<OpenIddictEntityFrameworkCoreToken>()
            .Where(t => t.Id == tokenId && t.Status == Statuses.Valid)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, Statuses.Redeemed).SetProperty(t => t.RedemptionDate, now), cancellationToken) == 1;
    }
}
