namespace AdminConsole.Core.Audit;

/// <summary>A temporary lock a password reset lifted. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record LockClearedByPasswordResetDetails(int Tier, int Failures, DateTimeOffset? LockedUntil) : ISecurityEventDetails;
