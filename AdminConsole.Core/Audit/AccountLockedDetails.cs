namespace AdminConsole.Core.Audit;

/// <summary>An automatic lock: the counters when it happened and until when. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record AccountLockedDetails(int Tier, int Failures, int ConsecutiveFailures, DateTimeOffset? LockedUntil, bool UntilAdminUnlocks, bool KnownAccount) : ISecurityEventDetails;
