using AdminConsole.Core.Reports;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class WeeklyDigestEntityTypeConfiguration : IEntityTypeConfiguration<WeeklyDigest>
{
    public void Configure(EntityTypeBuilder<WeeklyDigest> builder)
    {
        builder.ToTable("WeeklyDigest");
        builder.HasKey(d => d.Week);
        builder.Property(d => d.Week).HasMaxLength(WeeklyDigest.WeekLength);
    }
}
