namespace AdminConsole.Core.Audit;

/// <summary>A correct password after failures in the window: how many, and the last one's address. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record SignInAfterFailuresDetails(int Failures, string? LastFailureAddress, int? RiskScore = null) : ISecurityEventDetails;
