using System.Globalization;
using System.Text.Json;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace AdminConsole.Core.OpenId;

/// <summary>
/// Wrong client secrets count against the application, as wrong passwords count against an account: after
/// <see cref="OpenIdOptions.ClientFailures"/> within <see cref="OpenIdOptions.ClientFailureWindow"/> (counted from the
/// attempt records, since the last unlock) the application is locked: refused at every endpoint, even with its right
/// secret, until an admin unlocks it with a reason. The lock is a Critical event and notification.
/// </summary>
public sealed class ClientLockout(Audit.ISecurityEventLog eventLog, IServiceScopeFactory scopes, IOptionsMonitor<OpenIdOptions> options, TimeProvider time, ILogger<ClientLockout> logger)
{
    /// <summary>
    /// After a wrong secret of <paramref name="clientId"/> was recorded: locks it when that was one too many. It works
    /// in a scope of its own, apart from the token request's, which holds the application as OpenIddict read it.
    /// </summary>
    public async Task CountFailureAsync(string clientId, CancellationToken cancellationToken)
    {
        if (options.CurrentValue.ClientFailures == 0)
        {
            return; // turned off: wrong secrets are recorded and rate-limited only
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null || !await applications.HasClientTypeAsync(application, OpenIddictConstants.ClientTypes.Confidential, cancellationToken))
        {
            return;
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        if (OpenIdClientSync.IsDisabled(descriptor.Properties))
        {
            return; // refused already
        }

        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var since = now - o.ClientFailureWindow;
        if (descriptor.Properties.TryGetValue(OpenIdClientTypes.UnlockedAtProperty, out var unlocked) && unlocked.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(unlocked.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var unlockedAt) && unlockedAt > since)
        {
            since = unlockedAt;
        }

        var failures = await db.LoginAttempts.AsNoTracking()
            .CountAsync(a => a.At > since && a.ClientId == clientId && a.Outcome == LoginOutcome.WrongClientSecret, cancellationToken);
        if (failures < o.ClientFailures)
        {
            return;
        }

        OpenIdClientSync.Disable(descriptor);
        descriptor.Properties[OpenIdClientTypes.LockedProperty] = JsonSerializer.SerializeToElement(true);
        var reason = $"{failures} wrong client secrets within {DurationText.Describe(o.ClientFailureWindow)}";
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await applications.PopulateAsync(application, descriptor, cancellationToken);
            await applications.UpdateAsync(application, cancellationToken);
            await eventLog.AddAsync(db, SecurityEvents.ApplicationLocked(reason, new ApplicationDetails(clientId, OpenIdClientTypes.Confidential, null), now), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            OpenIdLog.ClientLocked(logger, clientId, failures);
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            // Another failure at the same moment locked it (or an admin changed it): one lock, one event.
        }
    }
}
