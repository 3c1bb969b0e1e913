using System.Text.Json.Serialization;

namespace AdminConsole.Core.Audit;

/// <summary>
/// Sessions ended: how many, and, when given, the one ended, the one kept and the devices revoked with them. Stored as
/// the event's JSON details; the property names are the stored ones, and what was not given is left out.
/// </summary>
public sealed record SessionsRevokedDetails(
    int Sessions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Session = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KeptSession = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? DevicesRevoked = null) : ISecurityEventDetails;
