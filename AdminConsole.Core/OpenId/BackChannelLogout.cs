namespace AdminConsole.Core.OpenId;

/// <summary>
/// One back-channel logout (OpenID Connect Back-Channel Logout 1.0) in the outbox: a session ended, and an application
/// it signed in to is told, with a logout token signed when it is sent. The rows are the delivery log.
/// </summary>
public sealed class BackChannelLogout
{
    public long Id { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The application's back-channel logout URI when the session ended.</summary>
    public required string Url { get; set; }

    /// <summary>The account (<c>sub</c>).</summary>
    public required string UserId { get; set; }

    /// <summary>The ended session; the token carries its public form (<see cref="BackChannelLogouts.SessionIdentifier"/>).</summary>
    public required string SessionId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? GaveUpAt { get; set; }

    public int? LastStatus { get; set; }

    public string? LastError { get; set; }

    public const int ErrorMaxLength = 1000;
}

/// <summary>Wakes the back-channel logout sender.</summary>
public sealed class BackChannelLogoutSignal : Mail.OutboxSignal;
