namespace AdminConsole.Core.Audit;

/// <summary>An admin's unlock: the lock it lifted. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record AccountUnlockedDetails(int Tier, int Failures, int ConsecutiveFailures, DateTimeOffset? LockedUntil) : ISecurityEventDetails;
