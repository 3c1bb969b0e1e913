using AdminConsole.Core.Attempts;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class AddressPseudonymKeyEntityTypeConfiguration : IEntityTypeConfiguration<AddressPseudonymKey>
{
    public void Configure(EntityTypeBuilder<AddressPseudonymKey> builder)
    {
        builder.ToTable("AddressPseudonymKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
    }
}
