namespace AdminConsole.Core.Audit;

/// <summary>
/// The reason every console action needs, kept in the audit log with it: one rule for the console's dialogs, the
/// admin services and the API.
/// </summary>
public static class AuditReason
{
    public const int MaxLength = 500;

    public const string Missing = "Give a reason: it is kept in the audit log.";

    public static readonly string TooLong = $"A reason can be at most {MaxLength} characters.";

    /// <summary>What is wrong with <paramref name="reason"/> (missing or too long once trimmed), or null.</summary>
    public static string? Error(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? Missing
        : reason.Trim().Length > MaxLength ? TooLong
        : null;
}
