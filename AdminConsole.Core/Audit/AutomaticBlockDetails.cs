namespace AdminConsole.Core.Audit;

/// <summary>An address blocked automatically (too many failures, or a honeypot name): the blocks in a row and until when. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record AutomaticBlockDetails(int Blocks, DateTimeOffset? BlockedUntil, TimeSpan? Duration) : ISecurityEventDetails;
