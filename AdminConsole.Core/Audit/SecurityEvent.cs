using System.Text.Json;

namespace AdminConsole.Core.Audit;

/// <summary>Who did what to whom, from where and why. Admin actions always carry actor and reason.</summary>
public sealed class SecurityEvent
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public SecurityEventType Type { get; set; }

    public SecurityEventSeverity Severity { get; set; }

    /// <summary>The admin who acted, or "system" for automatic decisions.</summary>
    public required string Actor { get; set; }

    public string? TargetUserId { get; set; }

    /// <summary>The normalised user name the event is about.</summary>
    public string? TargetUserName { get; set; }

    public string? Address { get; set; }

    public string? Reason { get; set; }

    /// <summary>Structured details as JSON, written from an <see cref="ISecurityEventDetails"/> record.</summary>
    public string? Details { get; set; }

    public const string SystemActor = "system";

    /// <summary>The actor of a lock lifted with a mailed unlock link (<see cref="SecurityEventType.AccountUnlockedByOwner"/>).</summary>
    public const string OwnerByMailActor = "the account's owner, by mail";

    /// <summary>The details read back through their type; null when the event has none.</summary>
    public T? DetailsAs<T>() where T : class, ISecurityEventDetails =>
        Details is null ? null : JsonSerializer.Deserialize<T>(Details);
}
