using AdminConsole.Core.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin.Shared;

/// <summary>The unread count and the latest notifications, reloaded when one is committed or read on this instance.</summary>
public partial class NotificationBell
{
    private const int Shown = 8;
    private int unread;
    private IReadOnlyList<NotificationRow> latest = [];
    private string reader = "";
    private bool reloading;
    private bool again;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        reader = (await AuthenticationState).User.Identity?.Name ?? "";
        Hub.Published += OnPublished;
        Hub.ReadChanged += OnReadChanged;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var page = await Scope.RunAsync<NotificationQueries, AdminConsole.Core.Audit.Page<NotificationRow>>(q => q.ListAsync(reader, new NotificationQuery(PageSize: Shown), Aborted));
        unread = await Scope.RunAsync<NotificationQueries, int>(q => q.UnreadCountAsync(reader, Aborted));
        latest = page.Items;
    }

    /// <summary>Called on the thread that committed; the reload runs on this circuit, and bursts coalesce.</summary>
    private void OnPublished(NotificationSignal signal) => _ = InvokeAsync(async () =>
    {
        if (signal is { IsNew: true, Severity: AdminConsole.Core.Audit.SecurityEventSeverity.Critical })
        {
            Snackbar.Add(signal.Title, Severity.Error);
        }

        await ReloadAsync();
    });

    private void OnReadChanged(string who)
    {
        if (who == reader)
        {
            _ = InvokeAsync(ReloadAsync);
        }
    }

    /// <summary>Runs on the circuit's context; a signal during a reload causes one more reload, not a lost update.</summary>
    private async Task ReloadAsync()
    {
        if (reloading)
        {
            again = true;
            return;
        }

        reloading = true;
        try
        {
            do
            {
                again = false;
                await LoadAsync();
                StateHasChanged();
            }
            while (again);
        }
        finally
        {
            reloading = false;
        }
    }

    private Task<bool> MarkReadAsync(long id) => Scope.RunAsync<NotificationQueries, bool>(q => q.MarkReadAsync(reader, id, Aborted));

    private Task<int> MarkAllReadAsync() => Scope.RunAsync<NotificationQueries, int>(q => q.MarkAllReadAsync(reader, Aborted));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Hub.Published -= OnPublished;
            Hub.ReadChanged -= OnReadChanged;
        }

        base.Dispose(disposing);
    }
}
