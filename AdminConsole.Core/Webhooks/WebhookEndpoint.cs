namespace AdminConsole.Core.Webhooks;

/// <summary>The security events an endpoint can subscribe to.</summary>
[Flags]
public enum WebhookEvents
{
    None = 0,
    AccountLocked = 1,
    AccountUnlocked = 2,
    AddressBlocked = 4,
    AttackDetected = 8,
    RefreshTokenReuse = 16,
    AdminAction = 32,

    /// <summary>A change to an account's own sign-in secrets (password, second factor, passkeys, email).</summary>
    AccountChanged = 64,

    /// <summary>A sign-in from a new country for the account, or impossible travel.</summary>
    SuspiciousSignIn = 128,
    All = AccountLocked | AccountUnlocked | AddressBlocked | AttackDetected | RefreshTokenReuse | AdminAction | AccountChanged | SuspiciousSignIn,
}

/// <summary>
/// A receiver a SecurityAdmin registered: where to POST which events. The signing secret is shown once at creation
/// and stored protected by data protection (the same key ring as the cookies), never in clear.
/// </summary>
public sealed class WebhookEndpoint
{
    public long Id { get; set; }

    public required string Url { get; set; }

    public WebhookEvents Events { get; set; }

    /// <summary>The secret (<c>whsec_...</c>), protected with <see cref="WebhookSecrets"/>.</summary>
    public required string ProtectedSecret { get; set; }

    public bool Enabled { get; set; } = true;

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public const int UrlMaxLength = 2000;
}

/// <summary>
/// One event on its way to one endpoint, written in the same SaveChanges as the security event that causes it and
/// sent by <see cref="WebhookSender"/>. The body is fixed when it is written, so every retry signs the same bytes.
/// </summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }

    public long EndpointId { get; set; }

    /// <summary>The <c>webhook-id</c> header: the same on every retry, so receivers can drop duplicates.</summary>
    public required string MessageId { get; set; }

    /// <summary>The payload's type, e.g. <c>account.locked</c>.</summary>
    public required string Type { get; set; }

    public required string Payload { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the next try may start; a sender claims a delivery by moving this forward.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Set when <see cref="WebhookOptions.MaxAttempts"/> tries failed; "retry now" clears it.</summary>
    public DateTimeOffset? GaveUpAt { get; set; }

    public int? LastStatus { get; set; }

    public string? LastError { get; set; }

    public const int ErrorMaxLength = 1000;
}

/// <summary>Wakes the webhook sender when a delivery was committed.</summary>
public sealed class WebhookSignal : Mail.OutboxSignal;
