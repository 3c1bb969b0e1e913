using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;

namespace AdminConsole.Core.Audit;

/// <summary>
/// Whether a console actor may act right now, read from the database on every action (ASVS 8.3.2: authorization
/// changes apply immediately): the account exists, holds SecurityAdmin now, is not disabled and is not locked. A
/// circuit's claims are hours old; an admin demoted, disabled or locked since is refused at the next action.
/// </summary>
public sealed class ConsoleAuthorization(SecurityDbContext db, TimeProvider time)
{
    public async Task<bool> MayActAsync(ConsoleActor actor, CancellationToken cancellationToken)
    {
        if (actor.IsCommandLine)
        {
            return true; // someone with a shell on the host and the database: the break-glass path
        }

        if (!actor.IsAdmin)
        {
            return false;
        }

        var name = AccountNames.Normalize(actor.Name);
        var now = time.GetUtcNow();
        var role = AccountNames.Normalize(AppRoles.SecurityAdmin);
        return await db.Users
            .Where(u => u.NormalizedUserName == name && !u.IsDisabled)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == role)))
            .Where(u => !db.AccountLockouts.Any(l => l.Key == name && l.LockedUntil != null && l.LockedUntil > now))
            .AnyAsync(cancellationToken);
    }

    /// <summary>The console roles the account holds now (none when it is disabled or gone), for circuit revalidation.</summary>
    public async Task<IReadOnlyList<string>> CurrentRolesAsync(string userName, CancellationToken cancellationToken)
    {
        var name = AccountNames.Normalize(userName);
        return await (
            from u in db.Users
            where u.NormalizedUserName == name && !u.IsDisabled
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            select r.Name!).ToListAsync(cancellationToken);
    }
}
