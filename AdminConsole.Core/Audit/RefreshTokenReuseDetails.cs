using System.Text.Json.Serialization;

namespace AdminConsole.Core.Audit;

/// <summary>
/// A spent refresh token presented again: its session, whether it was still open, where it began, and the OpenID
/// Connect client it was issued to (null for the token API). Stored as the event's JSON details; the property names
/// are the stored ones.
/// </summary>
public sealed record RefreshTokenReuseDetails(
    string Session,
    bool SessionWasOpen,
    string? SessionAddress,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Client = null) : ISecurityEventDetails;
