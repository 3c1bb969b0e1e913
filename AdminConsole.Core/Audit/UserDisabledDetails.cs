namespace AdminConsole.Core.Audit;

/// <summary>A disabled account: the sessions and devices that ended with it. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record UserDisabledDetails(int SessionsEnded, int DevicesRevoked) : ISecurityEventDetails;
