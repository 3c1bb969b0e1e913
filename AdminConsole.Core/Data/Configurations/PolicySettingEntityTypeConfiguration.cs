using AdminConsole.Core.Policy;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class PolicySettingEntityTypeConfiguration : IEntityTypeConfiguration<PolicySetting>
{
    public void Configure(EntityTypeBuilder<PolicySetting> builder)
    {
        builder.ToTable("PolicySettings");
        builder.HasKey(s => s.Section);
        builder.Property(s => s.Section).HasMaxLength(64);
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
    }
}
