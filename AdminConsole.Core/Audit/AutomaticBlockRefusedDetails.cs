namespace AdminConsole.Core.Audit;

/// <summary>A trusted proxy that reached the block threshold and was not blocked. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record AutomaticBlockRefusedDetails(int Blocks, DateTimeOffset? WouldBlockUntil) : ISecurityEventDetails;
