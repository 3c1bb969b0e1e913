using AdminConsole.Core.Sessions;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class UserSessionEntityTypeConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("UserSessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(UserSession.IdLength).IsUnicode(false);
        builder.Property(s => s.UserId).HasMaxLength(128);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Address).HasMaxLength(Attempts.LoginAttempt.AddressMaxLength);
        builder.Property(s => s.UserAgent).HasMaxLength(UserSession.UserAgentMaxLength);
        builder.Property(s => s.EndedBy).HasMaxLength(256);
        builder.Property(s => s.EndReason).HasMaxLength(UserSession.ReasonMaxLength);

        // A user's open sessions, newest first: the sessions page, the account page and "sign out everywhere".
        builder.HasIndex(s => new { s.UserId, s.EndedAt, s.LastSeenAt }).HasDatabaseName("IX_UserSessions_User_Open");
    }
}
