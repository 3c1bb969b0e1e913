namespace AdminConsole.Core.Audit;

/// <summary>A sign-in from a device the account has not used: the browser and system it described. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record NewDeviceSignInDetails(string Device) : ISecurityEventDetails;
