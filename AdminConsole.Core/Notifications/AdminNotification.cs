using AdminConsole.Core.Audit;

namespace AdminConsole.Core.Notifications;

public enum NotificationType
{
    AccountLocked,
    AddressBlocked,
    PasswordSpraying,
    DistributedAttack,
    AdminAction,
    SignInAfterFailures,
    ProxyBlockRefused,
    RefreshTokenReuse,
    SharedStateUnavailable,
    HoneypotName,
    AutomatedSignIns,
    ApplicationLocked,
    TokenRefreshBurst,
    NewCountrySignIn,
    ImpossibleTravel,
}

/// <summary>What a notification is about, for the link to its page.</summary>
public enum NotificationSubject
{
    Account,
    Address,

    /// <summary>The deployment itself (Redis, for one): the subject is a fixed name.</summary>
    System,

    /// <summary>An application that signs people in here: the subject is its client id.</summary>
    Application,

    /// <summary>A country rule: the subject is the country's ISO 3166 code.</summary>
    Country,
}

/// <summary>
/// An alert for the console. Repeats of one type about one subject within the aggregation window raise
/// <see cref="Count"/> and <see cref="LastAt"/> instead of adding rows, so an attack is a handful of rows.
/// </summary>
public sealed class AdminNotification
{
    public const int LocationMaxLength = 200;

    public long Id { get; set; }

    public NotificationType Type { get; set; }

    public SecurityEventSeverity Severity { get; set; }

    public required string Title { get; set; }

    public required string Message { get; set; }

    public NotificationSubject SubjectKind { get; set; }

    /// <summary>The account's normalised user name, or the address or range.</summary>
    public required string Subject { get; set; }

    /// <summary>Where the event's address is ("France (FR), AS64500 Example Net"), when a location database placed it.</summary>
    public string? Location { get; set; }

    /// <summary>Structured details as JSON: account, address, tier, counts.</summary>
    public string? Details { get; set; }

    public int Count { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The latest occurrence; a notification read before it is unread again.</summary>
    public DateTimeOffset LastAt { get; set; }
}

/// <summary>One admin has read a notification, as of <see cref="ReadAt"/>.</summary>
public sealed class NotificationRead
{
    public long NotificationId { get; set; }

    public required string Reader { get; set; }

    public DateTimeOffset ReadAt { get; set; }
}
