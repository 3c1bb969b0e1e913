namespace AdminConsole.Core.Audit;

/// <summary>A known device signed in while the account is locked for new devices: the lock it stays under. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record KnownDeviceSignInWhileLockedDetails(string Device, int Tier, int Failures, DateTimeOffset? LockedUntil) : ISecurityEventDetails;
