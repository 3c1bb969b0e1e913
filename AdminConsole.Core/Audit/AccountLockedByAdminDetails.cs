namespace AdminConsole.Core.Audit;

/// <summary>An admin's lock: until when (none: until unlocked) and what it ended. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record AccountLockedByAdminDetails(DateTimeOffset? LockedUntil, bool UntilUnlocked, int DevicesRevoked, int SessionsEnded) : ISecurityEventDetails;
