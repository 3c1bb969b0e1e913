namespace AdminConsole.Core.Reports;

/// <summary>
/// One weekly digest that went into the outbox. Its key is the week's end (the Monday the report runs up to), so
/// however many instances and restarts try, one row and one set of mails exist per week: the row and the mails are
/// written in one transaction, and a second writer fails on the key and writes nothing.
/// </summary>
public sealed class WeeklyDigest
{
    public const int WeekLength = 10;

    /// <summary>The end of the week reported, <c>yyyy-MM-dd</c> (UTC).</summary>
    public required string Week { get; set; }

    public DateTimeOffset SentAt { get; set; }

    public int Recipients { get; set; }
}
