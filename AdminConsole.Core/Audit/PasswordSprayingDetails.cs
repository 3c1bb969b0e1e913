namespace AdminConsole.Core.Audit;

/// <summary>One address failed against this many accounts within the detection window. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record PasswordSprayingDetails(int Accounts, int WindowSeconds) : ISecurityEventDetails;
