namespace AdminConsole.Core.Audit;

/// <summary>What one retention run deleted or pseudonymised, and the cut-offs. Stored as the event's JSON details; the property names are the stored ones.</summary>
public sealed record AttemptsPurgedDetails(long Attempts, int Counts, DateTimeOffset Before, int Lockouts, int AddressCounters, int Rules, int Notifications, int Sessions, int Devices,
    int Events, DateTimeOffset EventsBefore, int Mails, int Undelivered, int WebhookDeliveries, long AddressesPseudonymised) : ISecurityEventDetails;
