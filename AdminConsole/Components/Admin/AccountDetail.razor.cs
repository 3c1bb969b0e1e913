using System.Globalization;
using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Accounts;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Lockout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin;

/// <summary>One account: its state, known devices, sessions and the timelines of its attempts and events.</summary>
public partial class AccountDetail
{
    private AccountRow? account;
    private HistoryPager<AttemptRow> attemptPager = default!;
    private HistoryPager<SecurityEvent> eventPager = default!;
    private AccountDevices? devices;
    private bool loaded;
    private List<BreadcrumbItem> breadcrumbs = [];

    [Parameter] public string Email { get; set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        breadcrumbs = [new("Accounts", "admin/accounts"), new(Email, null, disabled: true)];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        account = await Scope.RunAsync<AccountQueries, AccountRow?>(q => q.GetAsync(Email, Aborted));
        devices = account is null ? null : await Scope.RunAsync<KnownDeviceStore, AccountDevices>(s => s.ForAccountAsync(account.UserId, Aborted));
        loaded = true;
    }

    private async Task<GridData<AttemptRow>> LoadAttemptsAsync(GridState<AttemptRow> state, CancellationToken cancellationToken)
    {
        var page = await Scope.RunAsync<AttemptQueries, Page<AttemptRow>>(q => q.ListAsync(new AttemptQuery(UserId: account!.UserId, Page: state.Page, PageSize: state.PageSize), cancellationToken));
        return attemptPager.Show(page);
    }

    private async Task<GridData<SecurityEvent>> LoadEventsAsync(GridState<SecurityEvent> state, CancellationToken cancellationToken)
    {
        var page = await Scope.RunAsync<AuditQueries, Page<SecurityEvent>>(q => q.ListAsync(new AuditQuery(TargetUserId: account!.UserId, Page: state.Page, PageSize: state.PageSize), cancellationToken));
        return eventPager.Show(page);
    }

    private string LockText() => account!.State switch
    {
        AccountState.LockedUntilUnlocked => "Locked until an admin unlocks",
        AccountState.Locked when account.LockedUntil is { } until => $"Locked, {Math.Max(1, (int)Math.Ceiling((until - Time.GetUtcNow()).TotalMinutes))} min left",
        AccountState.Disabled => "Disabled",
        _ => "Not locked",
    };

    private static string When(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "–";
}
