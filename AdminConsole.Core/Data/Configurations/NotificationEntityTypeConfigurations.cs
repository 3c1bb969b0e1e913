using AdminConsole.Core.Attempts;
using AdminConsole.Core.Mail;
using AdminConsole.Core.Notifications;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class AdminNotificationEntityTypeConfiguration : IEntityTypeConfiguration<AdminNotification>
{
    public void Configure(EntityTypeBuilder<AdminNotification> builder)
    {
        builder.ToTable("AdminNotifications");
        builder.Property(n => n.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(n => n.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.SubjectKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.Subject).HasMaxLength(LoginAttempt.UserNameMaxLength);
        builder.Property(n => n.Title).HasMaxLength(600);
        builder.Property(n => n.Message).HasMaxLength(2000);
        builder.Property(n => n.Location).HasMaxLength(AdminNotification.LocationMaxLength);
        builder.HasIndex(n => new { n.Type, n.Subject, n.CreatedAt }).HasDatabaseName("IX_AdminNotifications_Type_Subject_CreatedAt_ForAggregation");
        builder.HasIndex(n => n.LastAt).HasDatabaseName("IX_AdminNotifications_LastAt_ForLatest");
    }
}

internal sealed class NotificationReadEntityTypeConfiguration : IEntityTypeConfiguration<NotificationRead>
{
    public void Configure(EntityTypeBuilder<NotificationRead> builder)
    {
        builder.ToTable("NotificationReads");
        builder.HasKey(r => new { r.NotificationId, r.Reader });
        builder.Property(r => r.Reader).HasMaxLength(256);
        builder.HasOne<AdminNotification>().WithMany().HasForeignKey(r => r.NotificationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.Reader, r.NotificationId }).HasDatabaseName("IX_NotificationReads_Reader_ForUnread");
    }
}

internal sealed class OutboxMailEntityTypeConfiguration : IEntityTypeConfiguration<OutboxMail>
{
    public void Configure(EntityTypeBuilder<OutboxMail> builder)
    {
        builder.ToTable("OutboxMails");
        builder.Property(m => m.To).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(600);
        builder.Property(m => m.Kind).HasMaxLength(64);
        builder.Property(m => m.LastError).HasMaxLength(OutboxMail.ErrorMaxLength);
        builder.HasIndex(m => new { m.SentAt, m.NextAttemptAt }).HasDatabaseName("IX_OutboxMails_SentAt_NextAttemptAt_ForDue");
    }
}
