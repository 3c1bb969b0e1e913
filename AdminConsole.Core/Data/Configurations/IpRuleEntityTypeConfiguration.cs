using AdminConsole.Core.Attempts;
using AdminConsole.Core.IpProtection;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class IpRuleEntityTypeConfiguration : IEntityTypeConfiguration<IpRule>
{
    public void Configure(EntityTypeBuilder<IpRule> builder)
    {
        builder.ToTable("IpRules");
        builder.Property(r => r.Network).HasMaxLength(LoginAttempt.AddressMaxLength);
        builder.Property(r => r.Country).HasMaxLength(LoginAttempt.CountryLength).IsUnicode(false);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Reason).HasMaxLength(IpRule.ReasonMaxLength);
        builder.Property(r => r.EndReason).HasMaxLength(IpRule.ReasonMaxLength);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Property(r => r.EndedBy).HasMaxLength(256);
        builder.HasIndex(r => new { r.EndedAt, r.ExpiresAt }).HasDatabaseName("IX_IpRules_EndedAt_ExpiresAt_ForActiveRules");
        builder.HasIndex(r => new { r.Network, r.CreatedAt }).HasDatabaseName("IX_IpRules_Network_CreatedAt_ForAddressHistory");
    }
}
