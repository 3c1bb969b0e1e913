namespace AdminConsole.Core.Dashboard;

/// <summary>What an <see cref="AttemptCount"/> row counts, and over which period.</summary>
public enum AttemptCountKind
{
    /// <summary>Attempts per hour and outcome; Name is the outcome.</summary>
    OutcomeByHour = 0,

    /// <summary>Failed attempts per hour and address.</summary>
    FailuresByAddressHour = 1,

    /// <summary>Failed attempts per day and address.</summary>
    FailuresByAddressDay = 2,

    /// <summary>Failed attempts per hour and user name.</summary>
    FailuresByAccountHour = 3,

    /// <summary>Failed attempts per day and user name.</summary>
    FailuresByAccountDay = 4,
}

/// <summary>
/// A running count the dashboard reads instead of the attempts. The database keeps it: a trigger on
/// LoginAttempts adds every inserted row in the same statement, so the counts can never disagree with the
/// attempts, whichever code writes them. Its size grows with distinct addresses and names per period, not with
/// attempts.
/// </summary>
public sealed class AttemptCount
{
    public const int NameMaxLength = 256;
    public const string TriggerName = "TR_LoginAttempts_Counts";

    public AttemptCountKind Kind { get; set; }

    /// <summary>Hours or days since 0001-01-01 UTC, by <see cref="Kind"/>.</summary>
    public long Period { get; set; }

    /// <summary>The outcome, the address or the normalised user name.</summary>
    public required string Name { get; set; }

    public long Count { get; set; }
}
