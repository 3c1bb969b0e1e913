using AdminConsole.Core.OpenId;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class SessionApplicationEntityTypeConfiguration : IEntityTypeConfiguration<SessionApplication>
{
    public void Configure(EntityTypeBuilder<SessionApplication> builder)
    {
        builder.ToTable("SessionApplications");
        builder.HasKey(a => new { a.SessionId, a.ClientId });
        builder.Property(a => a.SessionId).HasMaxLength(Sessions.UserSession.IdLength).IsUnicode(false);
        builder.Property(a => a.ClientId).HasMaxLength(100);
    }
}

internal sealed class BackChannelLogoutEntityTypeConfiguration : IEntityTypeConfiguration<BackChannelLogout>
{
    public void Configure(EntityTypeBuilder<BackChannelLogout> builder)
    {
        builder.ToTable("BackChannelLogouts");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.ClientId).HasMaxLength(100);
        builder.Property(d => d.Url).HasMaxLength(2000);
        builder.Property(d => d.UserId).HasMaxLength(128);
        builder.Property(d => d.SessionId).HasMaxLength(Sessions.UserSession.IdLength).IsUnicode(false);
        builder.Property(d => d.LastError).HasMaxLength(BackChannelLogout.ErrorMaxLength);

        // The sender's query: what is due, oldest first.
        builder.HasIndex(d => new { d.DeliveredAt, d.GaveUpAt, d.NextAttemptAt }).HasDatabaseName("IX_BackChannelLogouts_Due");
    }
}
