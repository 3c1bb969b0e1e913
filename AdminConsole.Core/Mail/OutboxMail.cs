namespace AdminConsole.Core.Mail;

/// <summary>
/// A mail waiting to go out, written in the same transaction as the event that causes it and sent by
/// <see cref="MailSender"/>. Nothing is deleted on failure: the last error and the next try are kept.
/// </summary>
public sealed class OutboxMail
{
    public long Id { get; set; }

    public required string To { get; set; }

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    public required string HtmlBody { get; set; }

    /// <summary>Why it was written, e.g. "AccountLocked".</summary>
    public required string Kind { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the next try may start; a sender claims a mail by moving this forward.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }

    public const int ErrorMaxLength = 1000;
}
