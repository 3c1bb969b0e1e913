namespace AdminConsole.Core.Audit;

/// <summary>One account failed from this many addresses within the detection window. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record DistributedAttackDetails(int Addresses, int WindowSeconds) : ISecurityEventDetails;
