namespace AdminConsole.Core.Audit;

/// <summary>An application an admin changed. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record ApplicationDetails(string Client, string Type, string? Changed) : ISecurityEventDetails;
