using AdminConsole.Core.Webhooks;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminConsole.Core.Data.Configurations;

internal sealed class WebhookEndpointEntityTypeConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("WebhookEndpoints");
        builder.Property(e => e.Url).HasMaxLength(WebhookEndpoint.UrlMaxLength);
        builder.Property(e => e.ProtectedSecret).HasMaxLength(1000);
        builder.Property(e => e.CreatedBy).HasMaxLength(256);
    }
}

internal sealed class WebhookDeliveryEntityTypeConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.Property(d => d.MessageId).HasMaxLength(40);
        builder.Property(d => d.Type).HasMaxLength(32);
        builder.Property(d => d.LastError).HasMaxLength(WebhookDelivery.ErrorMaxLength);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.DeliveredAt, d.GaveUpAt, d.NextAttemptAt }).HasDatabaseName("IX_WebhookDeliveries_DeliveredAt_GaveUpAt_NextAttemptAt_ForDue");
        builder.HasIndex(d => new { d.EndpointId, d.Id }).HasDatabaseName("IX_WebhookDeliveries_EndpointId_Id_ForLog");
    }
}
