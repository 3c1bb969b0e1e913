using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Identity;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace AdminConsole.Core.Data;

/// <summary>Identity's tables and ours. Each provider has a subclass that carries its own migrations.</summary>
public abstract class SecurityDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>Data-protection keys, shared by every instance and kept across restarts (cookies, device cookies, antiforgery).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<AccountLockout> AccountLockouts => Set<AccountLockout>();

    public DbSet<KnownDevice> KnownDevices => Set<KnownDevice>();

    public DbSet<LoginAttempt> LoginAttempts => Set<LoginAttempt>();

    public DbSet<Dashboard.AttemptCount> AttemptCounts => Set<Dashboard.AttemptCount>();

    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    public DbSet<IpRule> IpRules => Set<IpRule>();

    public DbSet<AddressThrottle> AddressThrottles => Set<AddressThrottle>();

    public DbSet<Policy.PolicySetting> PolicySettings => Set<Policy.PolicySetting>();

    public DbSet<Notifications.AdminNotification> AdminNotifications => Set<Notifications.AdminNotification>();

    public DbSet<Notifications.NotificationRead> NotificationReads => Set<Notifications.NotificationRead>();

    public DbSet<Mail.OutboxMail> OutboxMails => Set<Mail.OutboxMail>();

    public DbSet<Reports.WeeklyDigest> WeeklyDigests => Set<Reports.WeeklyDigest>();

    public DbSet<Webhooks.WebhookEndpoint> WebhookEndpoints => Set<Webhooks.WebhookEndpoint>();

    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();

    public DbSet<Sessions.UserSession> UserSessions => Set<Sessions.UserSession>();

    public DbSet<OpenId.SessionApplication> SessionApplications => Set<OpenId.SessionApplication>();

    public DbSet<OpenId.BackChannelLogout> BackChannelLogouts => Set<OpenId.BackChannelLogout>();

    public DbSet<WrongPasswordFingerprint> WrongPasswordFingerprints => Set<WrongPasswordFingerprint>();

    public DbSet<ServerSecret> ServerSecrets => Set<ServerSecret>();

    /// <summary>The OpenID Connect provider's signing and encryption keys (<see cref="OpenId.OpenIdKeyRing"/>).</summary>
    public DbSet<OpenId.OpenIdKey> OpenIdKeys => Set<OpenId.OpenIdKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SecurityDbContext).Assembly);

        // OpenIddict's applications, authorizations, scopes and tokens (string keys, like Identity's).
        builder.UseOpenIddict();
    }
}
