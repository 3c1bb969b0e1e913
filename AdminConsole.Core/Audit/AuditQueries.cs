using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;

namespace AdminConsole.Core.Audit;

public sealed record AuditQuery(
    SecurityEventType? Type = null,
    string? Search = null,
    string? TargetUserId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Page = 0,
    int PageSize = 50);

/// <summary>Security events, newest first, filtered and paged in SQL.</summary>
public sealed class AuditQueries(SecurityDbContext db)
{
    public async Task<Page<SecurityEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var events = db.SecurityEvents.AsNoTracking();
        if (query.Type is { } type)
        {
            events = events.Where(e => e.Type == type);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            var upper = AccountNames.Normalize(text);
            events = events.Where(e => e.Actor.Contains(text) || (e.TargetUserName != null && e.TargetUserName.Contains(upper))
                || (e.Address != null && e.Address.Contains(text)) || (e.Reason != null && e.Reason.Contains(text)));
        }

        if (!string.IsNullOrWhiteSpace(query.TargetUserId))
        {
            events = events.Where(e => e.TargetUserId == query.TargetUserId);
        }

        if (query.From is { } from)
        {
            events = events.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            events = events.Where(e => e.At <= to);
        }

        var size = Math.Clamp(query.PageSize, 1, 500);
        // by time, newest first: a row written later may carry an earlier time (the demo history is back-dated), so row order is not time order
        var items = await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(Paging.Offset(query.Page, size)).Take(size).ToListAsync(cancellationToken);
        var (total, capped) = await events.TotalAsync(items.Count, query.Page, size, cancellationToken);
        return new Page<SecurityEvent>(items, total, capped);
    }
}
