using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Notifications;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Components.Admin.Shared;

/// <summary>
/// The dashboard's four live figures. Opening the dashboard reads them once: the page's query hands them over as a
/// parameter, so neither the prerender nor the live render reads them again. An open console then reads only these
/// figures every 15 seconds (one query, no page render); a notification (a lock, a block, a new event) asks for an
/// enhanced refresh of the page instead, whose one query brings the chart, lists, events and these figures.
/// </summary>
public partial class DashboardFigures
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    private LiveFigures? shown;
    private ITimer? refresh;
    private volatile bool pageDue;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private NotificationHub Hub { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The figures the page read with its own query (serialised into the island's marker).</summary>
    [Parameter]
    public LiveFigures? Figures { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (Figures is null)
        {
            await LoadAsync();
        }

        if (RendererInfo.IsInteractive)
        {
            refresh = Time.CreateTimer(_ => InvokeAsync(TickAsync), null, Period, Period);
            Hub.Published += OnNotification;
        }
    }

    /// <summary>The page's figures, at the first render and after each refresh of the page, unless the island's own are newer.</summary>
    protected override void OnParametersSet()
    {
        if (Figures is not null && (shown is null || Figures.At >= shown.At))
        {
            shown = Figures;
        }
    }

    private async Task LoadAsync() =>
        shown = await Scope.RunAsync<DashboardQueries, LiveFigures>(q => q.GetFiguresAsync(Aborted));

    private async Task TickAsync()
    {
        if (pageDue)
        {
            // The page's render reads the figures too and hands them to this island: one query, not two.
            pageDue = false;
            Navigation.Refresh();
            return;
        }

        await LoadAsync();
        StateHasChanged();
    }

    internal static string TierBreakdown(IReadOnlyDictionary<int, int> byTier) =>
        byTier.Count == 0 ? "no account is locked" : string.Join(" · ", byTier.OrderBy(t => t.Key).Select(t => $"tier {t.Key}: {t.Value}"));

    private void OnNotification(NotificationSignal signal)
    {
        pageDue = true;
        refresh?.Change(TimeSpan.FromMilliseconds(200), Period);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Hub.Published -= OnNotification;
            refresh?.Dispose();
        }

        base.Dispose(disposing);
    }
}
