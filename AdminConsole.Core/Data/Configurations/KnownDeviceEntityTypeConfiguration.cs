using AdminConsole.Core.Attempts;
using AdminConsole.Core.Lockout;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class KnownDeviceEntityTypeConfiguration : IEntityTypeConfiguration<KnownDevice>
{
    public void Configure(EntityTypeBuilder<KnownDevice> builder)
    {
        builder.ToTable("KnownDevices");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasMaxLength(KnownDevice.IdLength).IsUnicode(false);
        builder.Property(d => d.UserId).HasMaxLength(450);
        builder.Property(d => d.AccountKey).HasMaxLength(LoginAttempt.UserNameMaxLength);
        builder.Property(d => d.Address).HasMaxLength(LoginAttempt.AddressMaxLength);
        builder.Property(d => d.UserAgent).HasMaxLength(KnownDevice.UserAgentMaxLength);
        builder.Property(d => d.RevokedBy).HasMaxLength(256);
        builder.Property(d => d.RevokeReason).HasMaxLength(KnownDevice.ReasonMaxLength);

        // An account's devices in force: the account page, revocation by password change, admin lock, sign-out everywhere.
        builder.HasIndex(d => new { d.UserId, d.RevokedAt }).HasDatabaseName("IX_KnownDevices_User_InForce");
    }
}
