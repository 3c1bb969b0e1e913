using AdminConsole.Core.Accounts;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Dashboard;

namespace AdminConsole.Tests.Integration;

/// <summary>The console's Core services on known data: figures, filters, and the role check in every action.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class ConsoleServicesTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private static readonly ConsoleActor Admin = new("admin@example.com", IsAdmin: true, "198.51.100.9");
    private static readonly ConsoleActor Viewer = new("viewer@example.com", IsAdmin: false, "198.51.100.9");

    private async Task<T> With<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [Fact]
    public async Task The_dashboard_counts_what_happened()
    {
        var before = await With<DashboardQueries, DashboardData>(d => d.GetAsync(DashboardRange.Day, default));
        var client = app.Client("203.0.113.150");
        var locked = await app.CreateUserAsync();
        var fine = await app.CreateUserAsync();
        await client.FailTimesAsync(locked, 5);
        await client.LoginAsync(fine, TestPasswords.Good);
        await client.LoginAsync(fine, TestPasswords.Wrong);

        var after = await With<DashboardQueries, DashboardData>(d => d.GetAsync(DashboardRange.Day, default));

        Assert.Equal(before.LockedNow + 1, after.LockedNow);
        Assert.Equal(before.LockedNowByTier.GetValueOrDefault(1) + 1, after.LockedNowByTier[1]);
        Assert.Equal(before.FailedLastDay + 6, after.FailedLastDay);
        Assert.Contains(after.TopFailingAddresses, r => r == new Ranked("203.0.113.150", 6));
        Assert.Contains(after.TopTargetedAccounts, r => r == new Ranked(locked, 5));
        Assert.Equal(before.Series.Sum(p => p.Succeeded) + 1, after.Series.Sum(p => p.Succeeded));
        Assert.Equal(before.Series.Sum(p => p.Failed) + 6, after.Series.Sum(p => p.Failed));
        Assert.Equal(25, after.Series.Count);
        Assert.Contains(after.RecentEvents, e => e.Type == SecurityEventType.AccountLocked && e.TargetUserName == locked.ToUpperInvariant());
    }

    [Theory]
    [InlineData(DashboardRange.Week, 29)]
    [InlineData(DashboardRange.Month, 31)]
    public async Task Longer_ranges_use_wider_buckets(DashboardRange range, int buckets)
    {
        var data = await With<DashboardQueries, DashboardData>(d => d.GetAsync(range, default));
        Assert.InRange(data.Series.Count, buckets - 1, buckets);
    }

    [Fact]
    public async Task The_account_list_filters_by_state_and_pages_in_sql()
    {
        var client = app.AllowListedClient();
        var locked = await app.CreateUserAsync();
        await client.FailTimesAsync(locked, 5);

        var lockedPage = await With<AccountQueries, Page<AccountRow>>(q => q.ListAsync(new AccountQuery(State: AccountState.Locked, PageSize: 200), default));
        var activePage = await With<AccountQueries, Page<AccountRow>>(q => q.ListAsync(new AccountQuery(State: AccountState.Active, PageSize: 200), default));
        var searched = await With<AccountQueries, Page<AccountRow>>(q => q.ListAsync(new AccountQuery(Search: locked[..12]), default));

        var row = Assert.Single(lockedPage.Items, r => r.Email == locked);
        Assert.Equal((1, 5), (row.Tier, row.Failures));
        Assert.DoesNotContain(activePage.Items, r => r.Email == locked);
        Assert.Equal(locked, Assert.Single(searched.Items).Email);
    }

    [Fact]
    public async Task A_viewer_calling_an_action_is_refused_and_nothing_changes()
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync();
        await client.FailTimesAsync(email, 5);
        var events = await app.WithDbAsync(db => db.SecurityEvents.CountAsync());

        var results = new[]
        {
            await With<AccountAdminService, AdminResult>(s => s.UnlockAsync(email, "reason", Viewer, default)),
            await With<AccountAdminService, AdminResult>(s => s.LockAsync(email, "reason", null, Viewer, default)),
            await With<AccountAdminService, AdminResult>(s => s.ResetFailuresAsync(email, "reason", Viewer, default)),
            await With<AccountAdminService, AdminResult>(s => s.SignOutEverywhereAsync(email, "reason", Viewer, default)),
        };

        Assert.All(results, r => Assert.Equal(AdminOutcome.Forbidden, r.Outcome));
        Assert.Equal(events, await app.WithDbAsync(db => db.SecurityEvents.CountAsync()));
        Assert.Equal(HttpStatusCode.Locked, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
    }

    [Fact]
    public async Task Unlock_needs_a_reason_and_then_lets_the_user_in_with_an_audit_event()
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync();
        await client.FailTimesAsync(email, 5);

        var refused = await With<AccountAdminService, AdminResult>(s => s.UnlockAsync(email, "  ", Admin, default));
        var done = await With<AccountAdminService, AdminResult>(s => s.UnlockAsync(email, "Verified by phone", Admin, default));
        var again = await With<AccountAdminService, AdminResult>(s => s.UnlockAsync(email, "Verified by phone", Admin, default));

        Assert.Equal(AdminOutcome.Invalid, refused.Outcome);
        Assert.Equal(AdminOutcome.Done, done.Outcome);
        Assert.Equal(AdminOutcome.NoChange, again.Outcome);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
        var audit = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.Type == SecurityEventType.AccountUnlocked && e.TargetUserName == email.ToUpperInvariant()));
        Assert.Equal((Admin.Name, "Verified by phone", Admin.Address), (audit.Actor, audit.Reason, audit.Address));
    }

    [Fact]
    public async Task The_audit_log_and_the_recent_events_are_newest_first_by_time_not_by_row()
    {
        // rows written in this order, their times not: a back-dated row must not sit above a newer one
        var now = app.Time.GetUtcNow();
        var reason = $"ordering {Guid.NewGuid():N}";
        await app.WithDbAsync(async db =>
        {
            foreach (var minutes in new[] { 1, 5, 3 })
            {
                db.SecurityEvents.Add(SecurityEvents.SharedState(SecurityEventType.SharedStateRestored, SecurityEventSeverity.Info, reason, new SharedStateDetails($"instance {minutes}", null), now.AddMinutes(-minutes)));
                await db.SaveChangesAsync();
            }

            return 0;
        });

        var audit = await With<AuditQueries, Page<SecurityEvent>>(q => q.ListAsync(new AuditQuery(Search: reason), default));
        var recent = (await With<DashboardQueries, DashboardData>(d => d.GetAsync(DashboardRange.Day, default))).RecentEvents;

        Assert.Equal([now.AddMinutes(-1), now.AddMinutes(-3), now.AddMinutes(-5)], audit.Items.Select(e => e.At));
        Assert.Equal(recent.OrderByDescending(e => e.At).Select(e => e.Id), recent.Select(e => e.Id));
    }

    [Fact]
    public async Task Unlock_forgets_the_address_of_the_last_failure_with_its_time()
    {
        var email = await app.CreateUserAsync();
        await app.AllowListedClient().FailTimesAsync(email, 5);
        var key = email.ToUpperInvariant();
        Assert.NotNull(await app.WithDbAsync(db => db.AccountLockouts.Where(l => l.Key == key).Select(l => l.LastFailureAddress).SingleAsync()));

        await With<AccountAdminService, AdminResult>(s => s.UnlockAsync(email, "Verified by phone", Admin, default));

        var row = await With<AccountQueries, AccountRow?>(q => q.GetAsync(email, default));
        Assert.Equal((null, null), (row!.LastFailureAt, row.LastFailureAddress));
    }

    [Fact]
    public async Task Every_action_writes_its_audit_event()
    {
        var email = await app.CreateUserAsync();
        await app.AllowListedClient().FailTimesAsync(email, 2);

        Assert.True((await With<AccountAdminService, AdminResult>(s => s.ResetFailuresAsync(email, "helpdesk ticket 1", Admin, default))).Succeeded);
        Assert.True((await With<AccountAdminService, AdminResult>(s => s.SignOutEverywhereAsync(email, "lost laptop", Admin, default))).Succeeded);
        Assert.True((await With<AccountAdminService, AdminResult>(s => s.LockAsync(email, "investigation", null, Admin, default))).Succeeded);
        Assert.True((await With<AccountAdminService, AdminResult>(s => s.UnlockAsync(email, "cleared", Admin, default))).Succeeded);

        var types = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.TargetUserName == email.ToUpperInvariant() && e.Actor == Admin.Name)
            .OrderBy(e => e.Id).Select(e => e.Type).ToListAsync());
        Assert.Equal([SecurityEventType.FailuresReset, SecurityEventType.SessionsRevoked, SecurityEventType.AccountLocked, SecurityEventType.AccountUnlocked], types);
    }

    [Fact]
    public async Task An_admin_lock_without_end_holds_until_unlocked_and_ends_sessions()
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync();
        var stamp = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.SecurityStamp).SingleAsync());

        await With<AccountAdminService, AdminResult>(s => s.LockAsync(email, "investigation", null, Admin, default));
        app.Time.Advance(TimeSpan.FromDays(10));

        Assert.Equal(HttpStatusCode.Locked, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
        Assert.NotEqual(stamp, await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.SecurityStamp).SingleAsync()));
    }
}

/// <summary>The address detail's reads: who an address tried and what rules it got.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class AddressDetailQueriesTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_accounts_an_address_tried_are_counted_with_their_failures()
    {
        var client = app.Client("203.0.113.177");
        var email = await app.CreateUserAsync();
        await client.LoginAsync(email, TestPasswords.Wrong);
        await client.LoginAsync(email, TestPasswords.Good);
        await client.LoginAsync("ghost-177@example.com", TestPasswords.Wrong);

        await using var scope = app.Services.CreateAsyncScope();
        var targets = await scope.ServiceProvider.GetRequiredService<AttemptQueries>().TargetsOfAsync("203.0.113.177", TestContext.Current.CancellationToken);

        Assert.Equal([new AddressTarget(email, 2, 1), new AddressTarget("ghost-177@example.com", 1, 1)], targets);
    }
}

/// <summary>
/// ASVS 8.3.2: every console action re-reads the actor's roles and state in the database, so an admin demoted,
/// disabled or locked since signing in is refused at the next action, whatever the circuit's claims still say.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class ConsoleAuthorizationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(string Email, ConsoleActor Actor)> AdminAsync()
    {
        var email = await app.CreateUserAsync(role: AppRoles.SecurityAdmin);
        return (email, new ConsoleActor(email, IsAdmin: true, "198.51.100.9"));
    }

    private async Task<AdminResult> ResetSomeoneAsync(ConsoleActor actor)
    {
        var target = await app.CreateUserAsync();
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Accounts.AccountAdminService>()
            .ResetFailuresAsync(target, "checking the console", actor, TestContext.Current.CancellationToken);
    }

    private async Task ChangeAsync(string email, Func<UserManager<AppUser>, AppUser, Task<IdentityResult>> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        Assert.True((await change(users, user)).Succeeded);
    }

    [Fact]
    public async Task A_current_admin_may_act()
    {
        var (_, actor) = await AdminAsync();
        Assert.NotEqual(AdminOutcome.Forbidden, (await ResetSomeoneAsync(actor)).Outcome);
    }

    [Fact]
    public async Task An_admin_demoted_since_signing_in_is_refused()
    {
        var (email, actor) = await AdminAsync();
        await ChangeAsync(email, (users, user) => users.RemoveFromRoleAsync(user, AppRoles.SecurityAdmin));

        Assert.Equal(AdminOutcome.Forbidden, (await ResetSomeoneAsync(actor)).Outcome);
    }

    [Fact]
    public async Task A_disabled_admin_is_refused()
    {
        var (email, actor) = await AdminAsync();
        await ChangeAsync(email, (users, user) =>
        {
            user.IsDisabled = true;
            return users.UpdateAsync(user);
        });

        Assert.Equal(AdminOutcome.Forbidden, (await ResetSomeoneAsync(actor)).Outcome);
    }

    [Fact]
    public async Task A_locked_admin_is_refused()
    {
        var (email, actor) = await AdminAsync();
        using var _ = await app.AllowListedClient().FailTimesAsync(email, 5);

        Assert.Equal(AdminOutcome.Forbidden, (await ResetSomeoneAsync(actor)).Outcome);
    }

    [Fact]
    public async Task A_name_that_is_no_account_is_refused_whatever_its_claims_say()
    {
        Assert.Equal(AdminOutcome.Forbidden, (await ResetSomeoneAsync(new ConsoleActor("ghost@example.com", IsAdmin: true, null))).Outcome);
    }

    [Fact]
    public async Task The_command_line_may_act()
    {
        Assert.NotEqual(AdminOutcome.Forbidden, (await ResetSomeoneAsync(ConsoleActor.CommandLine())).Outcome);
    }
}
