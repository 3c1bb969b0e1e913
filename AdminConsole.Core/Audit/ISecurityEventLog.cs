using AdminConsole.Core.Data;

namespace AdminConsole.Core.Audit;

/// <summary>
/// The one way to write a security event: adds it to the caller's context with what it causes (the admin
/// notification, mails and webhook deliveries, <c>Notifications/SecurityEventEffects.cs</c>), so the caller's
/// save writes them all in one transaction, or none of them.
/// </summary>
public interface ISecurityEventLog
{
    Task AddAsync(SecurityDbContext db, SecurityEvent securityEvent, CancellationToken cancellationToken);
}
