namespace AdminConsole.Core.Audit;

/// <summary>A rule an admin added: the network as stored and as typed, its kind and end. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record AddressRuleAddedDetails(string Network, string Kind, DateTimeOffset? ExpiresAt, string Typed) : ISecurityEventDetails
{
    /// <summary>Set for a country rule: the country's code (also in <see cref="Network"/>); left out of address rules' stored details.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Country { get; init; }
}
