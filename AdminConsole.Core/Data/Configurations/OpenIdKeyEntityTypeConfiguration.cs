using AdminConsole.Core.OpenId;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class OpenIdKeyEntityTypeConfiguration : IEntityTypeConfiguration<OpenIdKey>
{
    public void Configure(EntityTypeBuilder<OpenIdKey> builder)
    {
        builder.ToTable("OpenIdKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(32).IsUnicode(false);
        builder.Property(k => k.Use).HasConversion<string>().HasMaxLength(16);

        // Two instances making the next key at once: one insert wins, the other rereads (OpenIdKeyRing).
        builder.HasIndex(k => new { k.Use, k.ActiveFrom }).IsUnique().HasDatabaseName("IX_OpenIdKeys_Use_ActiveFrom_OnePerTurn");
    }
}
