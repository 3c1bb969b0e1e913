namespace AdminConsole.Core.Audit;

/// <summary>A known device locked on its own counter (the first 8 characters of its id). Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record KnownDeviceLockedDetails(string Device, int Failures, DateTimeOffset? LockedUntil) : ISecurityEventDetails;
