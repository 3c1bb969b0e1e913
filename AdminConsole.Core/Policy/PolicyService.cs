using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Core.Policy;

/// <summary>
/// Changes a policy section from the console: SecurityAdmins only, with a reason, validated by the same rules as
/// configuration at start, stored with an audit event holding the old and new values in one transaction, and in
/// force at once.
/// </summary>
public sealed class PolicyService(Audit.ISecurityEventLog eventLog, SecurityDbContext db, PolicyStore store, IServiceProvider services, ConsoleAuthorization authorization, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Where a section's values come from, for the console.</summary>
    public PolicySetting? Stored(string section) => store.Get(section);

    public async Task<AdminResult> SaveAsync<T>(string section, T value, string reason, ConsoleActor actor, CancellationToken cancellationToken)
        where T : class
    {
        if (await RefusalAsync(actor, reason, cancellationToken) is { } refused)
        {
            return refused;
        }

        var errors = services.GetServices<IValidateOptions<T>>()
            .Select(v => v.Validate(Options.DefaultName, value))
            .Where(r => r.Failed)
            .SelectMany(r => r.Failures ?? [])
            .Distinct()
            .ToList();
        if (errors.Count > 0)
        {
            return new AdminResult(AdminOutcome.Invalid, string.Join("\n", errors));
        }

        var before = JsonSerializer.Serialize(services.GetRequiredService<IOptionsMonitor<T>>().CurrentValue, Json);
        var after = JsonSerializer.Serialize(value, Json);
        if (before == after)
        {
            return new AdminResult(AdminOutcome.NoChange, "Nothing changed: these are the values in force.");
        }

        var now = time.GetUtcNow();
        var row = await db.PolicySettings.SingleOrDefaultAsync(s => s.Section == section, cancellationToken);
        if (row is null)
        {
            db.PolicySettings.Add(new PolicySetting { Section = section, Json = after, UpdatedAt = now, UpdatedBy = actor.Name });
        }
        else
        {
            (row.Json, row.UpdatedAt, row.UpdatedBy) = (after, now, actor.Name);
        }

        await eventLog.AddAsync(db, Event(section, before, after, reason, actor, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await store.ChangedAsync(cancellationToken);
        return new AdminResult(AdminOutcome.Done, $"The {section} policy is changed and in force.");
    }

    /// <summary>Drops the stored section, so configuration applies again.</summary>
    public async Task<AdminResult> RestoreConfigurationAsync<T>(string section, string reason, ConsoleActor actor, CancellationToken cancellationToken)
        where T : class
    {
        if (await RefusalAsync(actor, reason, cancellationToken) is { } refused)
        {
            return refused;
        }

        var row = await db.PolicySettings.SingleOrDefaultAsync(s => s.Section == section, cancellationToken);
        if (row is null)
        {
            return new AdminResult(AdminOutcome.NoChange, $"The {section} policy already comes from configuration.");
        }

        var before = JsonSerializer.Serialize(services.GetRequiredService<IOptionsMonitor<T>>().CurrentValue, Json);
        db.PolicySettings.Remove(row);
        await eventLog.AddAsync(db, Event(section, before, after: null, reason, actor, time.GetUtcNow()), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await store.ChangedAsync(cancellationToken);
        return new AdminResult(AdminOutcome.Done, $"The {section} policy comes from configuration again.");
    }

    private async Task<AdminResult?> RefusalAsync(ConsoleActor actor, string reason, CancellationToken cancellationToken) =>
        !await authorization.MayActAsync(actor, cancellationToken) ? AdminResult.Forbidden
        : AuditReason.Error(reason) is { } error ? new AdminResult(AdminOutcome.Invalid, error)
        : null;

    private static SecurityEvent Event(string section, string before, string? after, string reason, ConsoleActor actor, DateTimeOffset now) =>
        SecurityEvents.PolicyChanged(
            actor,
            reason.Trim(),
            new PolicyChangedDetails(section, JsonDocument.Parse(before).RootElement, after is null ? null : JsonDocument.Parse(after).RootElement, FromConfiguration: after is null),
            now);
}
