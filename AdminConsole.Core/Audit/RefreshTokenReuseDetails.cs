namespace AdminConsole.Core.Audit;

/// <summary>A spent refresh token presented again: its session, whether it was still open, and where it began. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record RefreshTokenReuseDetails(string Session, bool SessionWasOpen, string? SessionAddress) : ISecurityEventDetails;
