using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;

namespace AdminConsole.Core.IpProtection;

/// <summary>What an admin asked for when adding a rule: a network, or a <paramref name="Country"/> (ISO 3166 code) instead.</summary>
public sealed record NewAddressRule(string Network, IpRuleKind Kind, string Reason, DateTimeOffset? ExpiresAt, string? Country = null);

/// <summary>
/// Adds and ends address rules and country rules (one kind of rule, kept and audited alike). Bad input gets a clear error per field and changes nothing; every change is
/// audited with actor and reason and applies in this instance at once.
/// </summary>
public sealed class AddressRuleService(
    Audit.ISecurityEventLog eventLog,
    SecurityDbContext db,
    AddressRuleCache cache,
    ConsoleAuthorization authorization,
    IOptions<AddressRuleOptions> options,
    TimeProvider time)
{
    public async Task<AdminResult<IpRule>> AddAsync(NewAddressRule request, ConsoleActor actor, CancellationToken cancellationToken)
    {
        if (!await authorization.MayActAsync(actor, cancellationToken))
        {
            return AdminResult.Forbidden.As<IpRule>();
        }

        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string>();
        var forCountry = !string.IsNullOrWhiteSpace(request.Country);
        var country = forCountry ? Location.Countries.Find(request.Country!.Trim()) : null;
        var parsed = forCountry ? null : AddressParser.Parse(request.Network, options.Value.WidestIPv4Prefix, options.Value.WidestIPv6Prefix);
        if (forCountry && !string.IsNullOrWhiteSpace(request.Network))
        {
            errors[nameof(NewAddressRule.Network)] = "Give an address or range, or a country, not both.";
        }
        else if (forCountry && country is null)
        {
            errors[nameof(NewAddressRule.Country)] = $"'{request.Country!.Trim()}' is not a two-letter ISO 3166 country code.";
        }
        else if (parsed is { Succeeded: false })
        {
            errors[nameof(NewAddressRule.Network)] = parsed.Error!;
        }

        if (!Enum.IsDefined(request.Kind))
        {
            errors[nameof(NewAddressRule.Kind)] = "kind must be Deny or Allow.";
        }

        var reason = request.Reason?.Trim() ?? "";
        if (AuditReason.Error(reason) is { } reasonError)
        {
            errors[nameof(NewAddressRule.Reason)] = reasonError;
        }

        if (request.ExpiresAt is { } expires && expires <= now)
        {
            errors[nameof(NewAddressRule.ExpiresAt)] = "The expiry must be in the future.";
        }

        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors).As<IpRule>();
        }

        var rule = new IpRule
        {
            Network = country?.Code ?? parsed!.Canonical,
            Country = country?.Code,
            Kind = request.Kind,
            Reason = reason,
            Source = IpRuleSource.Manual,
            CreatedBy = actor.Name,
            CreatedAt = now,
            ExpiresAt = request.ExpiresAt,
        };
        db.IpRules.Add(rule);
        await eventLog.AddAsync(db, SecurityEvents.AddressRuleAdded(
            actor, reason, new AddressRuleAddedDetails(rule.Network, rule.Kind.ToString(), rule.ExpiresAt, forCountry ? request.Country! : request.Network) { Country = rule.Country }, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await cache.ChangedAsync(cancellationToken);
        return AdminResult.Done(rule, country is null ? $"The rule for {rule.Network} is in force." : $"The rule for {country.Name} ({country.Code}) is in force.");
    }

    /// <summary>Active rules first, then history, newest first.</summary>
    public Task<List<IpRule>> ListAsync(bool includeEnded, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rules = db.IpRules.AsNoTracking();
        if (!includeEnded)
        {
            rules = rules.Where(r => r.EndedAt == null && (r.ExpiresAt == null || r.ExpiresAt > now));
        }

        return rules.OrderByDescending(r => r.Id).Take(1000).ToListAsync(cancellationToken);
    }

    /// <summary>Every rule ever written for exactly this address or range, newest first.</summary>
    public Task<List<IpRule>> HistoryOfAsync(string network, CancellationToken cancellationToken) =>
        db.IpRules.AsNoTracking().Where(r => r.Network == network).OrderByDescending(r => r.Id).ToListAsync(cancellationToken);

    /// <summary>Ends an active rule, keeping it as history. Ending one that is already ended changes nothing.</summary>
    public async Task<AdminResult<IpRule>> EndAsync(long id, string reason, ConsoleActor actor, CancellationToken cancellationToken)
    {
        if (!await authorization.MayActAsync(actor, cancellationToken))
        {
            return AdminResult.Forbidden.As<IpRule>();
        }

        var now = time.GetUtcNow();
        if (AuditReason.Error(reason) is { } reasonError)
        {
            return AdminResult.Invalid(nameof(NewAddressRule.Reason), reasonError).As<IpRule>();
        }

        reason = reason.Trim();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ended = await db.IpRules.Where(r => r.Id == id && r.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.EndedAt, now).SetProperty(r => r.EndedBy, actor.Name).SetProperty(r => r.EndReason, reason), cancellationToken);
        var rule = await db.IpRules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null || ended == 0)
        {
            // An ended rule is gone as far as ending goes: both answer "not found", as they always have.
            return new AdminResult<IpRule>(AdminOutcome.NotFound, rule is null ? "There is no such rule." : "That rule has already ended.");
        }

        if (rule.Source == IpRuleSource.Automatic)
        {
            // An admin lifting an automatic block also clears the address's counter, so it starts afresh.
            await db.AddressThrottles.Where(t => t.Key == rule.Network)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.BlockedUntil, (DateTimeOffset?)null).SetProperty(t => t.Failures, 0), cancellationToken);
        }

        await eventLog.AddAsync(db, SecurityEvents.AddressRuleEnded(
            actor, reason, new AddressRuleEndedDetails(rule.Id, rule.Network, rule.Kind.ToString(), rule.Source.ToString()), now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await cache.ChangedAsync(cancellationToken);
        return AdminResult.Done(rule, $"The rule for {rule.Network} has ended.");
    }
}
