namespace AdminConsole.Core.OpenId;

/// <summary>An application a session signed in to (at the authorize endpoint): whom to tell when the session ends.</summary>
public sealed class SessionApplication
{
    public required string SessionId { get; set; }

    public required string ClientId { get; set; }

    public DateTimeOffset FirstAt { get; set; }

    public DateTimeOffset LastAt { get; set; }
}
