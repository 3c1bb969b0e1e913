using AdminConsole.Core.Attempts;
using AdminConsole.Core.Lockout;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class AccountLockoutEntityTypeConfiguration : IEntityTypeConfiguration<AccountLockout>
{
    public void Configure(EntityTypeBuilder<AccountLockout> builder)
    {
        builder.ToTable("AccountLockouts");
        builder.HasKey(l => l.Key);
        builder.Property(l => l.Key).HasMaxLength(LoginAttempt.UserNameMaxLength);
        builder.Property(l => l.UserId).HasMaxLength(450);
        builder.Property(l => l.LastFailureAddress).HasMaxLength(LoginAttempt.AddressMaxLength);
        builder.HasIndex(l => l.UserId).HasDatabaseName("IX_AccountLockouts_UserId");
        builder.HasIndex(l => l.LockedUntil).HasDatabaseName("IX_AccountLockouts_LockedUntil_ForLockedNow");
    }
}
