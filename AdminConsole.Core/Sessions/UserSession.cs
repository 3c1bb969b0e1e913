namespace AdminConsole.Core.Sessions;

/// <summary>How a session was started.</summary>
public enum SessionKind
{
    /// <summary>A browser holding the sign-in cookie.</summary>
    Browser,

    /// <summary>An API client holding access and refresh tokens.</summary>
    TokenClient,
}

/// <summary>
/// One signed-in session, kept on the server: the cookie carries only its id, so the user and admins can list and
/// end sessions, and an ended session stops at its next request.
/// </summary>
public sealed class UserSession
{
    public const int IdLength = 43;
    public const int UserAgentMaxLength = 256;
    public const int ReasonMaxLength = 200;

    /// <summary>256 random bits, base64url: the value the cookie carries.</summary>
    public required string Id { get; set; }

    public required string UserId { get; set; }

    public SessionKind Kind { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The client address when the session began (after trusted proxies).</summary>
    public string? Address { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>When the cookie's ticket stops being valid, as the cookie handler set it.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The authentication ticket, data-protected.</summary>
    public byte[] Ticket { get; set; } = [];

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Who ended it: the user, an admin's name, or "system".</summary>
    public string? EndedBy { get; set; }

    public string? EndReason { get; set; }
}
