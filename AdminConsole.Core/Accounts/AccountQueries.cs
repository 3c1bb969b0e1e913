using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Lockout;

namespace AdminConsole.Core.Accounts;

/// <summary>Accounts with their lockout state, filtered, sorted and paged in SQL.</summary>
public class AccountQueries(SecurityDbContext db, TimeProvider time)
{
    public const int MaxPageSize = 200;

    public virtual async Task<Page<AccountRow>> ListAsync(AccountQuery query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var max = LockoutPolicy.UntilUnlocked;
        var rows = Rows();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = AccountNames.Normalize(query.Search);
            rows = rows.Where(r => r.User.NormalizedEmail!.Contains(search));
        }

        if (query.Tier is { } tier)
        {
            rows = rows.Where(r => r.Lockout != null && r.Lockout.Tier == tier);
        }

        if (query.LockedOnly)
        {
            rows = rows.Where(r => !r.User.IsDisabled && r.Lockout != null && r.Lockout.LockedUntil > now);
        }

        rows = query.State switch
        {
            AccountState.Disabled => rows.Where(r => r.User.IsDisabled),
            AccountState.LockedUntilUnlocked => rows.Where(r => !r.User.IsDisabled && r.Lockout != null && r.Lockout.LockedUntil == max),
            AccountState.Locked => rows.Where(r => !r.User.IsDisabled && r.Lockout != null && r.Lockout.LockedUntil > now && r.Lockout.LockedUntil != max),
            AccountState.Active => rows.Where(r => !r.User.IsDisabled && (r.Lockout == null || r.Lockout.LockedUntil == null || r.Lockout.LockedUntil <= now)),
            _ => rows,
        };

        var total = await rows.CountAsync(cancellationToken);
        rows = (query.Sort, query.Descending) switch
        {
            (AccountSort.Failures, false) => rows.OrderBy(r => r.Lockout == null ? 0 : r.Lockout.Failures).ThenBy(r => r.User.NormalizedEmail),
            (AccountSort.Failures, true) => rows.OrderByDescending(r => r.Lockout == null ? 0 : r.Lockout.Failures).ThenBy(r => r.User.NormalizedEmail),
            (AccountSort.LastFailure, false) => rows.OrderBy(r => r.Lockout == null ? null : r.Lockout.LastFailureAt).ThenBy(r => r.User.NormalizedEmail),
            (AccountSort.LastFailure, true) => rows.OrderByDescending(r => r.Lockout == null ? null : r.Lockout.LastFailureAt).ThenBy(r => r.User.NormalizedEmail),
            (AccountSort.LastSignIn, false) => rows.OrderBy(r => r.User.LastSignInAt).ThenBy(r => r.User.NormalizedEmail),
            (AccountSort.LastSignIn, true) => rows.OrderByDescending(r => r.User.LastSignInAt).ThenBy(r => r.User.NormalizedEmail),
            (_, true) => rows.OrderByDescending(r => r.User.NormalizedEmail),
            _ => rows.OrderBy(r => r.User.NormalizedEmail),
        };

        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = await rows.Skip(Math.Max(0, query.Page) * size).Take(size).ToListAsync(cancellationToken);
        return new Page<AccountRow>(page.Select(r => ToRow(r, now)).ToList(), total);
    }

    public async Task<AccountRow?> GetAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = AccountNames.Normalize(email);
        var row = await Rows().FirstOrDefaultAsync(r => r.User.NormalizedEmail == normalized, cancellationToken);
        return row is null ? null : ToRow(row, time.GetUtcNow());
    }

    private IQueryable<Joined> Rows() =>
        from u in db.Users.AsNoTracking()
        join l in db.AccountLockouts.AsNoTracking() on u.NormalizedUserName equals l.Key into lockouts
        from l in lockouts.DefaultIfEmpty()
        select new Joined { User = u, Lockout = l };

    private static AccountRow ToRow(Joined r, DateTimeOffset now)
    {
        var l = r.Lockout;
        var locked = l is not null && l.LockedUntil > now;
        var state = r.User.IsDisabled ? AccountState.Disabled
            : locked && l!.LockedUntil == LockoutPolicy.UntilUnlocked ? AccountState.LockedUntilUnlocked
            : locked ? AccountState.Locked
            : AccountState.Active;
        return new AccountRow(
            r.User.Id,
            r.User.Email ?? r.User.UserName ?? "",
            state,
            l?.Tier ?? 0,
            l?.Failures ?? 0,
            locked && l!.LockedUntil != LockoutPolicy.UntilUnlocked ? l.LockedUntil : null,
            l?.LastFailureAt,
            l?.LastFailureAddress,
            r.User.LastSignInAt,
            r.User.LastSignInAddress,
            l?.ConsecutiveFailures ?? 0);
    }

    private sealed class Joined
    {
        public required Identity.AppUser User { get; init; }

        public AccountLockout? Lockout { get; init; }
    }
}
