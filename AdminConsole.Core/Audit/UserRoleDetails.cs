namespace AdminConsole.Core.Audit;

/// <summary>The role an invitation gave (none: no role), or a grant or removal changed. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record UserRoleDetails(string? Role) : ISecurityEventDetails;
