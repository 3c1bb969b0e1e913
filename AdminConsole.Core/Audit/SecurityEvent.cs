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

    /// <summary>Structured details as JSON.</summary>
    public string? Details { get; set; }

    public const string SystemActor = "system";
}
