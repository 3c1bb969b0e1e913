namespace AdminConsole.Core.Audit;

/// <summary>An admin's reset of the failure count: the counters it cleared. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record FailuresResetDetails(int Failures, int ConsecutiveFailures, int Tier) : ISecurityEventDetails;
