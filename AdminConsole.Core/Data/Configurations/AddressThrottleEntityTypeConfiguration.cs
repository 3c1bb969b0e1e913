using AdminConsole.Core.Attempts;
using AdminConsole.Core.IpProtection;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class AddressThrottleEntityTypeConfiguration : IEntityTypeConfiguration<AddressThrottle>
{
    public void Configure(EntityTypeBuilder<AddressThrottle> builder)
    {
        builder.ToTable("AddressThrottles");
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).HasMaxLength(LoginAttempt.AddressMaxLength);
    }
}
