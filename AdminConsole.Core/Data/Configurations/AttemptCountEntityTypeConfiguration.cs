using AdminConsole.Core.Dashboard;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class AttemptCountEntityTypeConfiguration : IEntityTypeConfiguration<AttemptCount>
{
    public void Configure(EntityTypeBuilder<AttemptCount> builder)
    {
        builder.ToTable("AttemptCounts");
        builder.HasKey(c => new { c.Kind, c.Period, c.Name });
        builder.Property(c => c.Name).HasMaxLength(AttemptCount.NameMaxLength);
    }
}
