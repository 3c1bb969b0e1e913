namespace AdminConsole.Core.Audit;

/// <summary>A webhook endpoint an admin changed (its origin only), or a delivery retried. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record WebhookEndpointDetails(long Endpoint, string Url, string Events, string? Delivery) : ISecurityEventDetails;
