using AdminConsole.Core.Sessions;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class RefreshTokenEntityTypeConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.ToTable("RefreshTokens");
        builder.HasKey(t => t.Hash);
        builder.Property(t => t.Hash).HasMaxLength(43).IsUnicode(false);
        builder.Property(t => t.SessionId).HasMaxLength(UserSession.IdLength).IsUnicode(false);
        builder.HasOne<UserSession>().WithMany().HasForeignKey(t => t.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.SessionId).HasDatabaseName("IX_RefreshTokens_SessionId");
    }
}

internal sealed class TokenSigningKeyEntityTypeConfiguration : IEntityTypeConfiguration<TokenSigningKey>
{
    public void Configure(EntityTypeBuilder<TokenSigningKey> builder)
    {
        builder.ToTable("TokenSigningKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(32).IsUnicode(false);
    }
}
