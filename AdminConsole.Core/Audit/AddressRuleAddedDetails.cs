namespace AdminConsole.Core.Audit;

/// <summary>A rule an admin added: the network as stored and as typed, its kind and end. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record AddressRuleAddedDetails(string Network, string Kind, DateTimeOffset? ExpiresAt, string Typed) : ISecurityEventDetails;
