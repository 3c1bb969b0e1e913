using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin;

/// <summary>The signed-in admin's notifications, paged, refreshed the moment a new one is committed.</summary>
public partial class Notifications
{
    private MudDataGrid<NotificationRow> grid = default!;
    private HistoryPager<NotificationRow> pager = default!;
    private AdminConsole.Core.Audit.SecurityEventSeverity? severity;
    private NotificationType? type;
    private bool? unreadOnly;
    private int hours = 168;
    private string reader = "";

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        reader = (await AuthenticationState).User.Identity?.Name ?? "";
        Hub.Published += OnPublished;
    }

    private async Task<GridData<NotificationRow>> LoadAsync(GridState<NotificationRow> state, CancellationToken cancellationToken)
    {
        var query = new NotificationQuery(severity, type, unreadOnly, hours == 0 ? null : Time.GetUtcNow().AddHours(-hours), null, state.Page, state.PageSize);
        var page = await Scope.RunAsync<NotificationQueries, Page<NotificationRow>>(q => q.ListAsync(reader, query, cancellationToken));
        return pager.Show(page);
    }

    private Task FilterAsync(Action set)
    {
        set();
        return grid.ReloadServerData();
    }

    private void OnPublished(NotificationSignal signal) => _ = InvokeAsync(() => grid.ReloadServerData());

    private async Task MarkReadAsync(long id)
    {
        await Scope.RunAsync<NotificationQueries, bool>(q => q.MarkReadAsync(reader, id, Aborted));
        await grid.ReloadServerData();
    }

    private async Task MarkAllReadAsync()
    {
        var count = await Scope.RunAsync<NotificationQueries, int>(q => q.MarkAllReadAsync(reader, Aborted));
        Snackbar.Add(count == 0 ? "Nothing was unread." : $"{count} notification{(count == 1 ? "" : "s")} marked read.", Severity.Info);
        await grid.ReloadServerData();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Hub.Published -= OnPublished;
        }

        base.Dispose(disposing);
    }
}
