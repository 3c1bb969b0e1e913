using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.OpenId;
using AdminConsole.Core.Sessions;

namespace AdminConsole.Core.Accounts;

/// <summary>One line of a person's own security log: a sign-in attempt, or a change to the account.</summary>
public sealed record ActivityItem(DateTimeOffset At, string Kind, string What, bool Succeeded, string? Address, string? Device, string? By);

/// <summary>A page of the log: newest first; <see cref="HasMore"/> when an older page exists.</summary>
public sealed record ActivityPage(IReadOnlyList<ActivityItem> Items, int Page, bool HasMore);

/// <summary>
/// A person's own security log ("see all login attempts"): the sign-in attempts on the account and the security
/// events about it (locks, unlocks, sessions ended, devices forgotten, applications revoked...), merged newest first.
/// Admins' reasons and internal details stay in the audit log; the person sees what happened and who did it.
/// </summary>
public sealed class AccountActivity(SecurityDbContext db)
{
    public const int PageSize = 50;

    /// <summary>The deepest page offered (older history is in the audit log for admins, within retention).</summary>
    public const int MaxPage = 19;

    public const string SignIn = "sign-in";
    public const string Change = "change";

    public async Task<ActivityPage> PageAsync(string userId, int page, CancellationToken cancellationToken)
    {
        page = Math.Clamp(page, 0, MaxPage);
        var wanted = (page + 1) * PageSize + 1; // each list's newest rows that could fall on this page, and one more
        var attempts = await db.LoginAttempts.AsNoTracking().Where(a => a.UserId == userId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(wanted)
            .Select(a => new { a.At, a.Outcome, a.Address, a.UserAgent, a.ClientId })
            .ToListAsync(cancellationToken);
        var events = await db.SecurityEvents.AsNoTracking().Where(e => e.TargetUserId == userId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(wanted)
            .Select(e => new { e.At, e.Type, e.Severity, e.Actor, e.Address })
            .ToListAsync(cancellationToken);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);

        var merged = attempts
            .Select(a => new ActivityItem(
                a.At, SignIn,
                LoginOutcomeText.Describe(a.Outcome) + (a.ClientId is { } client && client != ApiTokenClient.ClientId ? $" (for {client})" : ""),
                a.Outcome == LoginOutcome.Succeeded, a.Address, UserAgentSummary.Describe(a.UserAgent), null))
            .Concat(events.Select(e => new ActivityItem(
                e.At, Change, SecurityEventText.Describe(e.Type), e.Severity == SecurityEventSeverity.Info, null, null,
                e.Actor == SecurityEvent.SystemActor ? "AdminConsole"
                : e.Actor == SecurityEvent.OwnerByMailActor ? "you, by mail"
                : string.Equals(e.Actor, name, StringComparison.OrdinalIgnoreCase) ? "you"
                : "an administrator")))
            .OrderByDescending(i => i.At)
            .ThenBy(i => i.Kind == Change ? 0 : 1) // at one instant, what a sign-in caused comes after it, so first
            .Skip(page * PageSize)
            .ToList();
        return new ActivityPage(merged.Take(PageSize).ToList(), page, merged.Count > PageSize && page < MaxPage);
    }
}
