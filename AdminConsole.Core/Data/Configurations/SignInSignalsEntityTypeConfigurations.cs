using AdminConsole.Core.Attempts;
using AdminConsole.Core.Lockout;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class WrongPasswordFingerprintEntityTypeConfiguration : IEntityTypeConfiguration<WrongPasswordFingerprint>
{
    public void Configure(EntityTypeBuilder<WrongPasswordFingerprint> builder)
    {
        builder.ToTable("WrongPasswordFingerprints");

        // One row per name and password: two requests with the same wrong password cannot both insert it.
        builder.HasKey(f => new { f.Key, f.Fingerprint });
        builder.Property(f => f.Key).HasMaxLength(LoginAttempt.UserNameMaxLength);
        builder.Property(f => f.Fingerprint).HasMaxLength(WrongPasswordFingerprint.FingerprintLength).IsUnicode(false);
        builder.HasIndex(f => f.At).HasDatabaseName("IX_WrongPasswordFingerprints_At_ForRetention");
    }
}

internal sealed class ServerSecretEntityTypeConfiguration : IEntityTypeConfiguration<ServerSecret>
{
    public void Configure(EntityTypeBuilder<ServerSecret> builder)
    {
        builder.ToTable("ServerSecrets");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(64).IsUnicode(false);
    }
}
