using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;

namespace AdminConsole.Core.Notifications;

public sealed record NotificationQuery(
    SecurityEventSeverity? Severity = null,
    NotificationType? Type = null,
    bool? Unread = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Page = 0,
    int PageSize = 25);

public sealed record NotificationRow(AdminNotification Notification, bool IsRead);

/// <summary>A reader's unread notifications: in all, and by severity (every severity named, zero included).</summary>
public sealed record NotificationCounts(int Unread, IReadOnlyDictionary<SecurityEventSeverity, int> UnreadBySeverity);

/// <summary>Notifications for one console user ("reader"): unread counts, lists, and marking read.</summary>
public sealed class NotificationQueries(SecurityDbContext db, NotificationHub hub, TimeProvider time)
{
    public const int MaxPageSize = 200;

    private IQueryable<AdminNotification> UnreadBy(string reader) =>
        db.AdminNotifications.Where(n => !db.NotificationReads.Any(r => r.NotificationId == n.Id && r.Reader == reader && r.ReadAt >= n.LastAt));

    public Task<int> UnreadCountAsync(string reader, CancellationToken cancellationToken) =>
        UnreadBy(reader).CountAsync(cancellationToken);

    public async Task<NotificationCounts> UnreadCountsAsync(string reader, CancellationToken cancellationToken)
    {
        var counts = await UnreadBy(reader).GroupBy(n => n.Severity)
            .Select(g => new { Severity = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Severity, g => g.Count, cancellationToken);
        var bySeverity = Enum.GetValues<SecurityEventSeverity>().ToDictionary(s => s, s => counts.GetValueOrDefault(s));
        return new NotificationCounts(bySeverity.Values.Sum(), bySeverity);
    }

    public async Task<Page<NotificationRow>> ListAsync(string reader, NotificationQuery query, CancellationToken cancellationToken)
    {
        var rows = query.Unread switch
        {
            true => UnreadBy(reader),
            false => db.AdminNotifications.Where(n => db.NotificationReads.Any(r => r.NotificationId == n.Id && r.Reader == reader && r.ReadAt >= n.LastAt)),
            null => db.AdminNotifications,
        };
        if (query.Severity is { } severity)
        {
            rows = rows.Where(n => n.Severity == severity);
        }

        if (query.Type is { } type)
        {
            rows = rows.Where(n => n.Type == type);
        }

        if (query.From is { } from)
        {
            rows = rows.Where(n => n.LastAt >= from);
        }

        if (query.To is { } to)
        {
            rows = rows.Where(n => n.LastAt < to);
        }

        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var items = await rows.OrderByDescending(n => n.LastAt).ThenByDescending(n => n.Id)
            .Skip(Paging.Offset(query.Page, size)).Take(size)
            .Select(n => new NotificationRow(n, db.NotificationReads.Any(r => r.NotificationId == n.Id && r.Reader == reader && r.ReadAt >= n.LastAt)))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var (total, capped) = await rows.TotalAsync(items.Count, query.Page, size, cancellationToken);
        return new Page<NotificationRow>(items, total, capped);
    }

    public async Task<bool> MarkReadAsync(string reader, long id, CancellationToken cancellationToken)
    {
        if (!await db.AdminNotifications.AnyAsync(n => n.Id == id, cancellationToken))
        {
            return false;
        }

        await MarkAsync(reader, [id], cancellationToken);
        return true;
    }

    /// <summary>Marks every unread notification read; returns how many.</summary>
    public async Task<int> MarkAllReadAsync(string reader, CancellationToken cancellationToken)
    {
        var ids = await UnreadBy(reader).Select(n => n.Id).ToListAsync(cancellationToken);
        await MarkAsync(reader, ids, cancellationToken);
        return ids.Count;
    }

    private async Task MarkAsync(string reader, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var existing = await db.NotificationReads.Where(r => r.Reader == reader && ids.Contains(r.NotificationId)).ToListAsync(cancellationToken);
        foreach (var read in existing)
        {
            read.ReadAt = now;
        }

        foreach (var id in ids.Except(existing.Select(r => r.NotificationId)))
        {
            db.NotificationReads.Add(new NotificationRead { NotificationId = id, Reader = reader, ReadAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        hub.MarkedRead(reader);
    }
}
