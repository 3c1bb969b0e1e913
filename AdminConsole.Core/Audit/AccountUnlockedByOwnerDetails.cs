namespace AdminConsole.Core.Audit;

/// <summary>
/// The lock the owner lifted with a mailed unlock link. The consecutive count is the one that stays after it. Stored as
/// the event's JSON details; the property names are the stored ones.
/// </summary>
public sealed record AccountUnlockedByOwnerDetails(int Tier, int Failures, int ConsecutiveFailures, DateTimeOffset? LockedUntil) : ISecurityEventDetails;
