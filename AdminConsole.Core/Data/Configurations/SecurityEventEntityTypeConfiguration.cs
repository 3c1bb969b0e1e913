using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class SecurityEventEntityTypeConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> builder)
    {
        builder.ToTable("SecurityEvents");
        builder.Property(e => e.Type).HasConversion<string>().HasMaxLength(48);
        builder.Property(e => e.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.TargetUserId).HasMaxLength(450);
        builder.Property(e => e.TargetUserName).HasMaxLength(LoginAttempt.UserNameMaxLength);
        builder.Property(e => e.Address).HasMaxLength(LoginAttempt.AddressMaxLength);
        builder.Property(e => e.Reason).HasMaxLength(1000);
        builder.HasIndex(e => e.At).HasDatabaseName("IX_SecurityEvents_At_ForTimeRange");
        builder.HasIndex(e => new { e.TargetUserId, e.At }).HasDatabaseName("IX_SecurityEvents_TargetUserId_At_ForAccountHistory");
    }
}
