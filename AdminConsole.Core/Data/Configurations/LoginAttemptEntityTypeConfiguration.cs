using AdminConsole.Core.Attempts;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class LoginAttemptEntityTypeConfiguration : IEntityTypeConfiguration<LoginAttempt>
{
    public void Configure(EntityTypeBuilder<LoginAttempt> builder)
    {
        // The trigger that keeps AttemptCounts (see the AttemptCounts migrations): SQL Server must not use OUTPUT
        // on a table with triggers, SQLite must not use RETURNING on one with AFTER triggers.
        builder.ToTable("LoginAttempts", t =>
        {
            t.HasTrigger(Dashboard.AttemptCount.TriggerName);
            t.UseSqlReturningClause(false);
        });
        builder.Property(a => a.UserName).HasMaxLength(LoginAttempt.UserNameMaxLength);
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.Address).HasMaxLength(LoginAttempt.AddressMaxLength);
        builder.Property(a => a.AddressKey).HasMaxLength(IpProtection.ClientAddress.SortKeyLength).IsUnicode(false);
        builder.Property(a => a.UserAgent).HasMaxLength(LoginAttempt.UserAgentMaxLength);
        builder.Property(a => a.ClientId).HasMaxLength(OpenId.OpenIdRequestClient.MaxLength).IsUnicode(false);
        builder.Property(a => a.Country).HasMaxLength(LoginAttempt.CountryLength).IsUnicode(false);
        builder.Property(a => a.AsnOrganization).HasMaxLength(LoginAttempt.AsnOrganizationMaxLength);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Count).HasDefaultValue(1);
        builder.HasIndex(a => a.At).HasDatabaseName("IX_LoginAttempts_At_ForTimeRange");
        // One address, or any CIDR range, is one range of this index; the outcome in it lets "wrong passwords from
        // this /16" be answered from the index alone, reading the table only for the rows shown.
        builder.HasIndex(a => new { a.AddressKey, a.At, a.Outcome }).HasDatabaseName("IX_LoginAttempts_AddressKey_At_ForAddressHistory");
        builder.HasIndex(a => new { a.UserName, a.At }).HasDatabaseName("IX_LoginAttempts_UserName_At_ForNameHistory");
        builder.HasIndex(a => new { a.UserId, a.At }).HasDatabaseName("IX_LoginAttempts_UserId_At_ForAccountHistory");
        builder.HasIndex(a => new { a.ClientId, a.At }).HasDatabaseName("IX_LoginAttempts_ClientId_At_ForApplicationHistory");
        // The attempts page filtered by country, and an account's earlier successes from a country (new-country signal).
        builder.HasIndex(a => new { a.Country, a.At }).HasDatabaseName("IX_LoginAttempts_Country_At_ForCountryHistory");
        // The attempts page filtered by outcome, newest first, without reading other outcomes' rows.
        builder.HasIndex(a => new { a.Outcome, a.At }).HasDatabaseName("IX_LoginAttempts_Outcome_At_ForOutcomeHistory");
    }
}
