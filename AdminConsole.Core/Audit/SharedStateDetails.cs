namespace AdminConsole.Core.Audit;

/// <summary>Redis lost or back, as one instance saw it. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record SharedStateDetails(string Instance, string? Failure) : ISecurityEventDetails;
