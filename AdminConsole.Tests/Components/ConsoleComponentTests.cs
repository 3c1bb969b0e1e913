using AdminConsole.Components.Admin;
using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Accounts;
using Bunit;
using MudBlazor;

namespace AdminConsole.Tests.Components;

public sealed class ReasonDialogTests : BunitTest
{
    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> OpenAsync()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var dialog = await provider.InvokeAsync(() => dialogs.ShowAsync<ReasonDialog>("Unlock", new DialogParameters<ReasonDialog>
        {
            { d => d.Title, "Unlock account" },
            { d => d.ActionLabel, "Unlock" },
        }));
        return (provider, dialog);
    }

    [Fact]
    public async Task The_unlock_dialog_refuses_an_empty_reason()
    {
        var (provider, dialog) = await OpenAsync();

        provider.Find("[data-testid=confirm]").Click();

        Assert.Contains("Give a reason: it is kept in the audit log.", provider.Markup);
        Assert.False(dialog.Result.IsCompleted);
    }

    [Fact]
    public async Task The_reason_is_not_marked_wrong_before_anyone_confirms()
    {
        var (provider, _) = await OpenAsync();
        var field = provider.Find("textarea[data-testid=reason], [data-testid=reason] textarea");

        field.Blur();

        Assert.DoesNotContain("Give a reason", provider.Markup);
        Assert.Empty(provider.FindAll(".mud-input-error"));
    }

    [Fact]
    public async Task The_missing_reason_mark_goes_once_the_admin_types()
    {
        var (provider, _) = await OpenAsync();
        provider.Find("[data-testid=confirm]").Click();
        Assert.Contains("Give a reason: it is kept in the audit log.", provider.Markup);

        provider.Find("textarea[data-testid=reason], [data-testid=reason] textarea").Input("Verified by phone");

        Assert.DoesNotContain("Give a reason", provider.Markup);
    }

    [Fact]
    public async Task The_unlock_dialog_returns_the_trimmed_reason()
    {
        var (provider, dialog) = await OpenAsync();

        provider.Find("textarea[data-testid=reason], [data-testid=reason] textarea").Input("  Verified by phone  ");
        provider.Find("[data-testid=confirm]").Click();

        var result = await dialog.Result;
        Assert.Equal("Verified by phone", Assert.IsType<ReasonDialog.Answer>(result!.Data).Reason);
    }
}

public sealed class AccountsPageTests : BunitTest
{
    [Fact]
    public void A_viewer_sees_no_action_buttons()
    {
        AddAccount("someone@example.com");
        AddAuthorization().SetAuthorized("viewer@example.com").SetRoles(AppRoles.SecurityViewer);
        Render<MudPopoverProvider>();

        var page = Render<Accounts>();

        page.WaitForAssertion(() => Assert.Contains("someone@example.com", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=account-actions]"));
    }

    [Fact]
    public void An_admin_sees_the_actions_of_each_account()
    {
        AddAccount("someone@example.com");
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin);
        Render<MudPopoverProvider>();

        var page = Render<Accounts>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=account-actions]")));
    }

    [Fact]
    public void A_locked_row_offers_unlock_as_a_button_and_an_active_row_does_not()
    {
        AddAccount("locked@example.com");
        AddAccount("active@example.com");
        WithDatabase(db =>
        {
            db.AccountLockouts.Add(new AdminConsole.Core.Lockout.AccountLockout { Key = "LOCKED@EXAMPLE.COM", Tier = 3, Failures = 15, LockedUntil = AdminConsole.Core.Lockout.LockoutPolicy.UntilUnlocked });
            return db.SaveChanges();
        });
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin);
        Render<MudPopoverProvider>();

        var page = Render<Accounts>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=account-actions]").Count));
        var unlock = Assert.Single(page.FindAll("[data-testid=unlock]"));
        Assert.Equal("Unlock locked@example.com", unlock.GetAttribute("aria-label"));
    }

    [Fact]
    public void A_row_holds_no_menu_until_its_actions_are_opened_and_then_offers_them()
    {
        AddAccount("someone@example.com");
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin);
        var popovers = Render<MudPopoverProvider>();

        var page = Render<Accounts>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=account-actions]")));
        Assert.Empty(page.FindComponent<AccountActions>().FindComponents<MudMenu>());
        page.Find("button[data-testid=account-actions]").Click();
        page.WaitForAssertion(() => Assert.Contains("Sign out everywhere…", popovers.Markup));
        Assert.Contains("Lock…", popovers.Markup);
    }

    [Fact]
    public void A_user_name_containing_html_is_rendered_as_text_in_the_grid()
    {
        AddAccount("<img src=x onerror=alert(1)>@example.com");
        AddAuthorization().SetAuthorized("viewer@example.com").SetRoles(AppRoles.SecurityViewer);
        Render<MudPopoverProvider>();

        var page = Render<Accounts>();

        page.WaitForAssertion(() => Assert.Contains("&lt;img src=x onerror=alert(1)&gt;@example.com", page.Markup));
        Assert.Empty(page.FindAll("img"));
    }
}

/// <summary>The accounts grid turns its paging, sorting and filters into the query the service runs.</summary>
public sealed class AccountsGridQueryTests : BunitTest
{
    private readonly List<AccountQuery> queries = [];

    public AccountsGridQueryTests()
    {
        Services.AddScoped<AccountQueries>(sp => new RecordingAccountQueries(sp, queries));
        for (var i = 0; i < 30; i++)
        {
            AddAccount($"user{i:00}@example.com");
        }

        AddAuthorization().SetAuthorized("viewer@example.com").SetRoles(AppRoles.SecurityViewer);
        Render<MudPopoverProvider>();
    }

    private AccountQuery Last() => queries[^1];

    [Fact]
    public async Task The_grid_asks_for_the_right_page_sort_and_filter()
    {
        var page = Render<Accounts>();
        page.WaitForAssertion(() => Assert.Contains("user24@example.com", page.Markup));
        Assert.Equal(new AccountQuery(), Last());

        page.Find("button[aria-label='Next page']").Click();
        page.WaitForAssertion(() => Assert.Contains("user29@example.com", page.Markup));
        Assert.Equal(1, Last().Page);

        page.FindAll("th").First(th => th.TextContent.Contains("Failures")).QuerySelector(".sortable-column-header")!.Click();
        page.WaitForAssertion(() => Assert.Equal(AccountSort.Failures, Last().Sort));

        page.Find("[data-testid=account-search] input, input[data-testid=account-search]").Input("user1");
        page.WaitForAssertion(() => Assert.Equal("user1", Last().Search), TimeSpan.FromSeconds(5));
        var select = page.FindComponent<MudSelect<AccountState?>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(AccountState.Locked));

        page.WaitForAssertion(() => Assert.Equal(
            ("user1", AccountState.Locked, AccountSort.Failures),
            (Last().Search, Last().State, Last().Sort)));
        page.WaitForAssertion(() => Assert.Contains("No account matches.", page.Markup));
    }

    private sealed class RecordingAccountQueries(IServiceProvider services, List<AccountQuery> queries)
        : AccountQueries(services.GetRequiredService<AdminConsole.Core.Data.SecurityDbContext>(), TimeProvider.System)
    {
        public override Task<AdminConsole.Core.Audit.Page<AccountRow>> ListAsync(AccountQuery query, CancellationToken cancellationToken)
        {
            lock (queries)
            {
                queries.Add(query);
            }

            return base.ListAsync(query, cancellationToken);
        }
    }
}


/// <summary>The bell shows the unread count and follows published notifications without a reload.</summary>
public sealed class NotificationBellTests : BunitTest
{
    public NotificationBellTests()
    {
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin);
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
    }

    private long Add(AdminConsole.Core.Audit.SecurityEventSeverity severity = AdminConsole.Core.Audit.SecurityEventSeverity.Warning) =>
        WithDatabase(db =>
        {
            var n = new AdminConsole.Core.Notifications.AdminNotification
            {
                Title = "someone locked",
                Message = "5 failed sign-ins",
                Subject = "SOMEONE@EXAMPLE.COM",
                Severity = severity,
                CreatedAt = DateTimeOffset.UtcNow,
                LastAt = DateTimeOffset.UtcNow,
            };
            db.AdminNotifications.Add(n);
            db.SaveChanges();
            return n.Id;
        });

    [Fact]
    public void The_bell_shows_the_unread_count_and_rises_when_a_notification_is_published()
    {
        Add();
        var bell = Render<NotificationBell>();
        bell.WaitForAssertion(() => Assert.Equal("1", bell.Find("[data-testid=bell-count]").TextContent));
        Assert.NotNull(bell.Find("button[aria-label='Notifications, 1 unread']"));

        var id = Add(AdminConsole.Core.Audit.SecurityEventSeverity.Critical);
        Services.GetRequiredService<AdminConsole.Core.Notifications.NotificationHub>().Publish(
            new(id, AdminConsole.Core.Notifications.NotificationType.AccountLocked, AdminConsole.Core.Audit.SecurityEventSeverity.Critical, "someone locked until unlocked", 1, IsNew: true));

        bell.WaitForAssertion(() => Assert.Equal("2", bell.Find("[data-testid=bell-count]").TextContent));
        var snackbars = Services.GetRequiredService<ISnackbar>();
        // What the bell shows is read back from the database by id, never the text a message on the shared channel carried.
        bell.WaitForAssertion(() => Assert.Contains(snackbars.ShownSnackbars, s => s.Message == "someone locked"));
        Assert.DoesNotContain(snackbars.ShownSnackbars, s => s.Message == "someone locked until unlocked");
    }

    [Fact]
    public async Task Marking_read_elsewhere_lowers_the_count()
    {
        Add();
        var bell = Render<NotificationBell>();
        bell.WaitForAssertion(() => Assert.Equal("1", bell.Find("[data-testid=bell-count]").TextContent));

        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Notifications.NotificationQueries>().MarkAllReadAsync("admin@example.com", Xunit.TestContext.Current.CancellationToken);
        }

        bell.WaitForAssertion(() => Assert.Equal("0", bell.Find("[data-testid=bell-count]").TextContent));
    }
}

public sealed class WordWrapTests : BunitTest
{
    [Fact]
    public void A_short_hyphenated_word_stays_whole_and_a_long_one_may_break()
    {
        var cut = Render<WordWrap>(p => p.Add(w => w.Text, "locked until 2026-12-07 for common-password via e2e-relying-party-with-a-long-name"));

        var whole = cut.FindAll(".console-nowrap").Select(e => e.TextContent).ToList();
        Assert.Equal(["2026-12-07", "common-password"], whole); // the 34-character client id may break at its hyphens
        Assert.Single(cut.FindAll(".console-wrap"));
        Assert.Equal("locked until 2026-12-07 for common-password via e2e-relying-party-with-a-long-name", cut.Find(".console-wrap").TextContent);
    }

    [Fact]
    public void Nothing_is_rendered_for_no_text()
    {
        var cut = Render<WordWrap>(p => p.Add(w => w.Text, ""));

        Assert.Equal("", cut.Markup.Trim());
    }
}
