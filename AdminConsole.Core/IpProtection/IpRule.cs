namespace AdminConsole.Core.IpProtection;

public enum IpRuleKind
{
    Deny,
    Allow,
}

public enum IpRuleSource
{
    Manual,
    Automatic,
}

/// <summary>
/// A deny or allow rule for one address or range, or for every address a location database places in one country
/// (<see cref="Country"/>). Ending a rule keeps it as history (ended at, by, why).
/// </summary>
public sealed class IpRule
{
    public const int ReasonMaxLength = Audit.AuditReason.MaxLength;

    public long Id { get; set; }

    /// <summary>Canonical: "203.0.113.7" or "203.0.113.0/24"; for a country rule, the country's code.</summary>
    public required string Network { get; set; }

    /// <summary>The ISO 3166-1 alpha-2 code of a country rule; null for an address rule.</summary>
    public string? Country { get; set; }

    public IpRuleKind Kind { get; set; }

    public required string Reason { get; set; }

    public IpRuleSource Source { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? EndedBy { get; set; }

    public string? EndReason { get; set; }

    public bool IsActive(DateTimeOffset now) => EndedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
