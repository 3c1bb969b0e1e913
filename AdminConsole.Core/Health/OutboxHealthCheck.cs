using AdminConsole.Core.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AdminConsole.Core.Health;

/// <summary><c>Health:*</c>: when the instance stops reporting ready.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>An unsent mail older than this makes the instance unhealthy (the mail server is down or refusing).</summary>
    public TimeSpan OutboxMaxAge { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// The mail outbox drains: the oldest unsent mail is younger than <see cref="HealthOptions.OutboxMaxAge"/>. Older
/// means lock and alert mails are not reaching people; nothing is lost (the outbox keeps them), but someone should look.
/// </summary>
public sealed class OutboxHealthCheck(SecurityDbContext db, IOptions<HealthOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var oldest = await db.OutboxMails.AsNoTracking().Where(m => m.SentAt == null).OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var backlog = await db.OutboxMails.CountAsync(m => m.SentAt == null, cancellationToken);
        var age = oldest is { } at ? time.GetUtcNow() - at : TimeSpan.Zero;
        var data = new Dictionary<string, object> { ["backlog"] = backlog, ["oldestUnsentSeconds"] = (int)age.TotalSeconds };
        return age > options.Value.OutboxMaxAge
            ? HealthCheckResult.Unhealthy($"The oldest unsent mail is {(int)age.TotalMinutes} minutes old ({backlog} waiting).", data: data)
            : HealthCheckResult.Healthy($"{backlog} mail(s) waiting.", data);
    }
}
