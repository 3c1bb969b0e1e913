namespace AdminConsole.Core.Audit;

/// <summary>This many failures against one account came faster than a person types within the window. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record AutomatedSignInsDetails(int Attempts, int WindowSeconds) : ISecurityEventDetails;
