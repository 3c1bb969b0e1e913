using AdminConsole.Core.Attempts;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class LoginAttemptEntityTypeConfiguration : IEntityTypeConfiguration<LoginAttempt>
{
    public void Configure(EntityTypeBuilder<LoginAttempt> builder)
    {
        builder.ToTable("LoginAttempts");
        builder.Property(a => a.UserName).HasMaxLength(LoginAttempt.UserNameMaxLength);
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.Address).HasMaxLength(LoginAttempt.AddressMaxLength);
        builder.Property(a => a.UserAgent).HasMaxLength(LoginAttempt.UserAgentMaxLength);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Count).HasDefaultValue(1);
        builder.HasIndex(a => a.At).HasDatabaseName("IX_LoginAttempts_At_ForTimeRange");
        // Covers the dashboard's sums and series: they read only the index, never the rows.
        builder.HasIndex(a => new { a.Hour, a.Outcome, a.Count }).HasDatabaseName("IX_LoginAttempts_Hour_Outcome_Count_ForDashboard");
        builder.HasIndex(a => new { a.Address, a.At }).HasDatabaseName("IX_LoginAttempts_Address_At_ForAddressHistory");
        builder.HasIndex(a => new { a.UserName, a.At }).HasDatabaseName("IX_LoginAttempts_UserName_At_ForNameHistory");
        builder.HasIndex(a => new { a.UserId, a.At }).HasDatabaseName("IX_LoginAttempts_UserId_At_ForAccountHistory");
    }
}
