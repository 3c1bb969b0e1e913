using System.ComponentModel.DataAnnotations;
using System.Data;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Mail;
using AdminConsole.Core.Sessions;

namespace AdminConsole.Core.Users;

/// <summary>
/// The users page and its API: SecurityAdmins invite accounts (a mailed set-password link; the admin never chooses
/// a password), disable and re-enable them, and grant or remove console roles. Each action re-checks the actor
/// (<see cref="ConsoleAuthorization"/>), needs a reason, and writes one security event in the same transaction as
/// its change. Nothing leaves the console without an enabled SecurityAdmin: that check runs after the change,
/// inside a serializable transaction, so two admins removing each other at once cannot both succeed.
/// </summary>
public sealed class UserAdminService(
    Audit.ISecurityEventLog eventLog,
    SecurityDbContext db,
    UserManager<AppUser> users,
    AccountMail mail,
    ConsoleAuthorization authorization,
    SessionStore sessions,
    SessionSignal signal,
    KnownDeviceStore devices,
    InvitationLimit limit,
    TimeProvider time)
{
    public const string LastAdminMessage =
        "This is the last enabled SecurityAdmin: make another account a SecurityAdmin first, or nobody could administer the console.";

    private static readonly string AdminRole = AccountNames.Normalize(AppRoles.SecurityAdmin);

    /// <summary>Accounts, filtered by email and paged in SQL, with their console roles.</summary>
    public async Task<Page<UserRow>> ListAsync(UserQuery query, CancellationToken cancellationToken)
    {
        var rows = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = AccountNames.Normalize(query.Search);
            rows = rows.Where(u => u.NormalizedEmail!.Contains(search));
        }

        if (query.ConsoleOnly)
        {
            rows = rows.Where(u => u.PasswordHash == null || db.UserRoles.Any(ur => ur.UserId == u.Id));
        }

        var total = await rows.CountAsync(cancellationToken);
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = await rows
            .OrderBy(u => u.NormalizedEmail)
            .Skip(Paging.Offset(query.Page, size))
            .Take(size)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.IsDisabled,
                PasswordSet = u.PasswordHash != null,
                u.LastSignInAt,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .ToListAsync(cancellationToken);
        return new Page<UserRow>(
            page.Select(u => new UserRow(u.Id, u.Email ?? "", u.Roles.Order().ToList(), u.IsDisabled, u.PasswordSet, u.LastSignInAt)).ToList(), total);
    }

    /// <summary>
    /// Creates the account without a password and mails its owner a one-use link to choose one (Identity's
    /// password-reset token: it expires within a day and is spent by use). The address counts as confirmed once the
    /// password is set through that link, which only the mailbox receives.
    /// </summary>
    public async Task<AdminResult> InviteAsync(string email, string? role, string reason, ConsoleActor actor, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(actor, reason, cancellationToken) is { } refused)
        {
            return refused;
        }

        email = (email ?? "").Trim();
        if (email.Length is 0 or > 256 || !new EmailAddressAttribute().IsValid(email) || email.Any(char.IsControl))
        {
            return new AdminResult(AdminOutcome.Invalid, "Give a valid email address, such as name@example.com.");
        }

        if (role is { Length: > 0 } && !AppRoles.All.Contains(role))
        {
            return new AdminResult(AdminOutcome.Invalid, $"The role must be one of {string.Join(", ", AppRoles.All)}.");
        }

        var now = time.GetUtcNow();
        if (await InvitationsOverLimitAsync(actor, now, 0, cancellationToken) is { } overLimit)
        {
            return overLimit;
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return Exists;
        }

        // Invitations by one admin are counted one after another, so that those sent at the same instant never pass
        // the limit together. The transaction's first write is a no-op update of the admin's own row: it takes that
        // row's lock (PostgreSQL, SQL Server) or the database's write lock (SQLite) until the transaction ends, and
        // the count after the account and its audit event are written then sees every invitation committed before.
        // Counting alone would not do on PostgreSQL: concurrent transactions do not see each other's new rows.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var actorKey = AccountNames.Normalize(actor.Name);
        await db.Users.Where(u => u.NormalizedUserName == actorKey)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ConcurrencyStamp, u => u.ConcurrencyStamp), cancellationToken);
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user);
        }
        catch (DbUpdateException)
        {
            // The same address invited at the same instant by someone else: the unique index refused the second.
            return Exists;
        }

        if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail)))
        {
            return Exists; // invited by someone else since the check above
        }

        if (!created.Succeeded)
        {
            return new AdminResult(AdminOutcome.Invalid, string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        if (role is { Length: > 0 })
        {
            await AddRoleRowAsync(user.Id, role, cancellationToken);
        }

        await eventLog.AddAsync(db, SecurityEvents.AccountAction(SecurityEventType.UserInvited, actor, user.Id, user.NormalizedUserName, reason.Trim(), new UserRoleDetails(role), now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (await InvitationsOverLimitAsync(actor, now, 1, cancellationToken) is { } raced)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return raced;
        }

        await mail.SendInvitationAsync(user, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new AdminResult(AdminOutcome.Done, $"{email} is invited: a link to choose a password is on its way.");
    }

    private static readonly AdminResult Exists = new(AdminOutcome.NoChange, "An account with this email address exists already.");

    /// <summary>
    /// The refusal when the actor has sent the most invitations allowed in the window
    /// (<c>RateLimits:AdminUserCreation</c>), counting <paramref name="own"/> of them as this one's; null otherwise.
    /// The command line is not limited.
    /// </summary>
    private async Task<AdminResult?> InvitationsOverLimitAsync(ConsoleActor actor, DateTimeOffset now, int own, CancellationToken cancellationToken)
    {
        var since = now - limit.Window;
        var sent = await db.SecurityEvents.CountAsync(e => e.Type == SecurityEventType.UserInvited && e.Actor == actor.Name && e.At > since, cancellationToken) - own;
        return sent >= limit.Permits && !actor.IsCommandLine
            ? new AdminResult(AdminOutcome.RateLimited,
                $"You have sent {sent} invitations in the last {Text.DurationText.Describe(limit.Window)}, the most allowed (RateLimits:AdminUserCreation). Try again later.")
            : null;
    }

    /// <summary>
    /// The account can no longer sign in by any way (the sign-in pipeline refuses disabled accounts), and every
    /// session, API token and known device of it ends now (ASVS 7.4.2).
    /// </summary>
    public Task<AdminResult> DisableAsync(string email, string reason, ConsoleActor actor, CancellationToken cancellationToken) =>
        ActAsync(email, reason, actor, SecurityEventType.UserDisabled, cancellationToken, async (user, _) =>
        {
            var changed = await db.Users.Where(u => u.Id == user.Id && !u.IsDisabled)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true), cancellationToken);
            if (changed == 0)
            {
                return (AdminOutcome.NoChange, null, "The account is disabled already.");
            }

            if (!await AnyEnabledAdminAsync(cancellationToken))
            {
                return (AdminOutcome.Invalid, null, LastAdminMessage);
            }

            await db.RenewSecurityStampAsync(user.Id, cancellationToken);
            var ended = await sessions.EndWithinAsync(user.Id, sessionId: null, actor.Name, "Account disabled by an admin", cancellationToken);
            var revoked = await devices.RevokeWithinAsync(user.Id, deviceId: null, actor.Name, reason, cancellationToken);
            return (AdminOutcome.Done, new UserDisabledDetails(ended, revoked), $"{user.Email} is disabled; {ended} session(s) ended.");
        });

    /// <summary>The account may sign in again (its password, locks and roles are as they were).</summary>
    public Task<AdminResult> EnableAsync(string email, string reason, ConsoleActor actor, CancellationToken cancellationToken) =>
        ActAsync(email, reason, actor, SecurityEventType.UserEnabled, cancellationToken, async (user, _) =>
        {
            var changed = await db.Users.Where(u => u.Id == user.Id && u.IsDisabled)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, false), cancellationToken);
            return changed == 0
                ? (AdminOutcome.NoChange, null, "The account is not disabled.")
                : (AdminOutcome.Done, new UserEnabledDetails(), $"{user.Email} is enabled again.");
        });

    /// <summary>Grants a console role; the security stamp changes, so open sessions pick it up at their next check.</summary>
    public Task<AdminResult> GrantRoleAsync(string email, string role, string reason, ConsoleActor actor, CancellationToken cancellationToken) =>
        ActAsync(email, reason, actor, SecurityEventType.RoleGranted, cancellationToken, async (user, _) =>
        {
            if (!AppRoles.All.Contains(role))
            {
                return (AdminOutcome.Invalid, null, $"The role must be one of {string.Join(", ", AppRoles.All)}.");
            }

            if (!await AddRoleRowAsync(user.Id, role, cancellationToken))
            {
                return (AdminOutcome.NoChange, null, $"{user.Email} is a {role} already.");
            }

            await db.RenewSecurityStampAsync(user.Id, cancellationToken);
            return (AdminOutcome.Done, new UserRoleDetails(role), $"{user.Email} is now a {role}.");
        });

    /// <summary>Removes a console role; open sessions and circuits lose it within a minute (the stamp check).</summary>
    public Task<AdminResult> RemoveRoleAsync(string email, string role, string reason, ConsoleActor actor, CancellationToken cancellationToken) =>
        ActAsync(email, reason, actor, SecurityEventType.RoleRemoved, cancellationToken, async (user, _) =>
        {
            if (!AppRoles.All.Contains(role))
            {
                return (AdminOutcome.Invalid, null, $"The role must be one of {string.Join(", ", AppRoles.All)}.");
            }

            var normalized = AccountNames.Normalize(role);
            var removed = await db.UserRoles
                .Where(ur => ur.UserId == user.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalized))
                .ExecuteDeleteAsync(cancellationToken);
            if (removed == 0)
            {
                return (AdminOutcome.NoChange, null, $"{user.Email} is not a {role}.");
            }

            if (!await AnyEnabledAdminAsync(cancellationToken))
            {
                return (AdminOutcome.Invalid, null, LastAdminMessage);
            }

            await db.RenewSecurityStampAsync(user.Id, cancellationToken);
            return (AdminOutcome.Done, new UserRoleDetails(role), $"{user.Email} is no longer a {role}.");
        });

    /// <summary>
    /// Whether a SecurityAdmin is left who can act: enabled and able to sign in (a password set), so an invitation
    /// that was never accepted does not count as the last admin.
    /// </summary>
    private Task<bool> AnyEnabledAdminAsync(CancellationToken cancellationToken) =>
        db.Users.AnyAsync(
            u => !u.IsDisabled && u.PasswordHash != null
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == AdminRole)),
            cancellationToken);

    private async Task<bool> AddRoleRowAsync(string userId, string role, CancellationToken cancellationToken)
    {
        var normalized = AccountNames.Normalize(role);
        var roleId = await db.Roles.Where(r => r.NormalizedName == normalized).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
        if (roleId is null)
        {
            db.Roles.Add(new IdentityRole { Name = role, NormalizedName = normalized });
            await db.SaveChangesAsync(cancellationToken);
            roleId = await db.Roles.Where(r => r.NormalizedName == normalized).Select(r => r.Id).SingleAsync(cancellationToken);
        }

        if (await db.UserRoles.AnyAsync(ur => ur.UserId == userId && ur.RoleId == roleId, cancellationToken))
        {
            return false;
        }

        db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = roleId });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private async Task<AdminResult?> RefusalAsync(ConsoleActor actor, string reason, CancellationToken cancellationToken) =>
        !await authorization.MayActAsync(actor, cancellationToken) ? AdminResult.Forbidden
        : AuditReason.Error(reason) is { } error ? new AdminResult(AdminOutcome.Invalid, error)
        : null;

    private async Task<AdminResult> ActAsync(
        string email,
        string reason,
        ConsoleActor actor,
        SecurityEventType type,
        CancellationToken cancellationToken,
        Func<AppUser, DateTimeOffset, Task<(AdminOutcome Outcome, ISecurityEventDetails? Details, string Message)>> action)
    {
        if (await RefusalAsync(actor, reason, cancellationToken) is { } refused)
        {
            return refused;
        }

        var normalized = AccountNames.Normalize(email ?? "");
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null)
        {
            return AdminResult.NotFound;
        }

        var now = time.GetUtcNow();

        // Serializable: the last-admin check reads what a concurrent removal writes (SQLite takes the write lock at BEGIN).
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var (outcome, details, message) = await action(user, now);
        if (outcome != AdminOutcome.Done)
        {
            return new AdminResult(outcome, message); // disposed uncommitted: whatever the action wrote is rolled back
        }

        await eventLog.AddAsync(db, SecurityEvents.AccountAction(type, actor, user.Id, user.NormalizedUserName, reason.Trim(), details, now), cancellationToken);
        if (type is SecurityEventType.RoleGranted or SecurityEventType.RoleRemoved)
        {
            await signal.EndedAsync(db); // the user's open consoles check their roles at once
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new AdminResult(AdminOutcome.Done, message);
    }
}
