using AdminConsole.Core.Data;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AdminConsole.Core.OpenId;

/// <summary>
/// Spends a refresh token with one conditional update before anything is issued for it. OpenIddict marks a refresh
/// token redeemed only after the new tokens are made and ignores a lost race there, so two refreshes racing with one
/// token could both win; here, of two concurrent refreshes exactly one finds the entry still valid (ASVS 15.4.2).
/// </summary>
public sealed class RefreshTokenRedemption(Audit.ISecurityEventLog eventLog, SecurityDbContext db, IOptionsMonitor<Sessions.ApiTokenOptions> options, TimeProvider time)
{
    /// <summary>True when this request spent the token; false when another already had (or it has no entry).</summary>
    public async Task<bool> TrySpendAsync(string? tokenId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(tokenId))
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var spent = await db.Set<OpenIddictEntityFrameworkCoreToken>()
            .Where(t => t.Id == tokenId && t.Status == Statuses.Valid)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, Statuses.Redeemed).SetProperty(t => t.RedemptionDate, now), cancellationToken) == 1;
        if (spent)
        {
            await AlertOnBurstAsync(tokenId, now, cancellationToken);
        }

        return spent;
    }

    /// <summary>
    /// The refreshes of this token's grant within the last hour: the one that goes past <c>Tokens:RefreshAlertPerHour</c>
    /// writes a Warning event (and so a notification); the ones after it in the same hour add nothing.
    /// </summary>
    private async Task AlertOnBurstAsync(string tokenId, DateTime now, CancellationToken cancellationToken)
    {
        var tokens = db.Set<OpenIddictEntityFrameworkCoreToken>().AsNoTracking();
        var spent = await tokens.Where(t => t.Id == tokenId)
            .Select(t => new { AuthorizationId = t.Authorization!.Id, t.Subject, ClientId = t.Application!.ClientId })
            .SingleOrDefaultAsync(cancellationToken);
        if (spent?.AuthorizationId is not { } authorization || spent.Subject is null)
        {
            return;
        }

        var limit = options.CurrentValue.RefreshAlertPerHour;
        var hourAgo = now.AddHours(-1);
        var refreshes = await tokens.CountAsync(t => t.Authorization!.Id == authorization && t.Type == TokenTypeIdentifiers.RefreshToken && t.RedemptionDate > hourAgo, cancellationToken);
        if (refreshes != limit + 1)
        {
            return;
        }

        var account = await db.Users.AsNoTracking().Where(u => u.Id == spent.Subject).Select(u => u.NormalizedUserName).SingleOrDefaultAsync(cancellationToken);
        await eventLog.AddAsync(db, Audit.SecurityEvents.TokenRefreshBurst(
            spent.Subject, account, $"{refreshes} refreshes of one grant within an hour (more than {limit})",
            new Audit.ApplicationDetails(spent.ClientId ?? "", "", null), time.GetUtcNow()), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
