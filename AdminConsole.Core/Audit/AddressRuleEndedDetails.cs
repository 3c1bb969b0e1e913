namespace AdminConsole.Core.Audit;

/// <summary>A rule an admin ended. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record AddressRuleEndedDetails(long Id, string Network, string Kind, string Source) : ISecurityEventDetails;
