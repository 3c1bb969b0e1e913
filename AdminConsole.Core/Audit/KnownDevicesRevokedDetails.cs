namespace AdminConsole.Core.Audit;

/// <summary>Devices an admin made strangers again (one, by the first 8 characters of its id, or all). Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record KnownDevicesRevokedDetails(int Devices, string? Device) : ISecurityEventDetails;
