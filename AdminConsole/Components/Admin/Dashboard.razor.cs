using System.Globalization;
using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace AdminConsole.Components.Admin;

/// <summary>The dashboard, rendered statically: the range comes from the query string; the live figures are an island.</summary>
public partial class Dashboard
{
    private static readonly (DashboardRange Value, string Label, string? Query)[] Ranges =
        [(DashboardRange.Day, "24 h", null), (DashboardRange.Week, "7 d", "7d"), (DashboardRange.Month, "30 d", "30d")];

    /// <summary>
    /// Succeeded, Failed, Locked out, Blocked: green for good, amber for a failure, red for a lock, slate for a
    /// block, readable on the light and the dark palette (MudBlazor's own palette drew Failed in teal).
    /// </summary>
    private static readonly StackedBarChartOptions SignInColours = new() { ChartPalette = ["#16A34A", "#F59E0B", "#DC2626", "#64748B"] };

    private DashboardData? data;
    private DashboardRange range = DashboardRange.Day;
    private List<ChartSeries<double>> series = [];
    private string[] labels = [];
    private List<AdminConsole.Core.Dashboard.Ranked> tierItems = [];
    private string? userName;
    private string role = "";

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The request: the page is static server rendering only (a component test renders it without one).</summary>
    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    /// <summary>The time range: <c>7d</c>, <c>30d</c>, or anything else for the last 24 hours.</summary>
    [SupplyParameterFromQuery(Name = "range")]
    private string? RangeQuery { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        userName = user.Identity?.Name;
        role = user.IsInRole(AppRoles.SecurityAdmin) ? AppRoles.SecurityAdmin : AppRoles.SecurityViewer;
        range = Ranges.FirstOrDefault(r => r.Query is not null && r.Query == RangeQuery).Value;
        await LoadAsync(HttpContext?.RequestAborted ?? Aborted);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        data = await Scope.RunAsync<DashboardQueries, DashboardData>(q => q.GetAsync(range, cancellationToken));
        var format = data.Bucket.TotalHours >= 24 ? "dd MMM" : data.Bucket.TotalHours > 1 ? "dd MMM HH:mm" : "HH:mm";
        var step = Math.Max(1, data.Series.Count / 12);
        labels = data.Series.Select((p, i) => i % step == 0 ? p.Start.UtcDateTime.ToString(format, CultureInfo.InvariantCulture) : "").ToArray();
        series =
        [
            new() { Name = "Succeeded", Data = data.Series.Select(p => (double)p.Succeeded).ToArray() },
            new() { Name = "Failed", Data = data.Series.Select(p => (double)p.Failed).ToArray() },
            new() { Name = "Locked out", Data = data.Series.Select(p => (double)p.LockedOut).ToArray() },
            new() { Name = "Blocked", Data = data.Series.Select(p => (double)p.Rejected).ToArray() },
        ];
        var ladder = Lockout.CurrentValue.LockTiers();
        tierItems = data.LockoutsByTier.Where(t => t.Value > 0).OrderBy(t => t.Key)
            .Select(t => new AdminConsole.Core.Dashboard.Ranked(
                $"Tier {t.Key} · {(t.Key <= ladder.Count && ladder[t.Key - 1].Duration is { } d ? DurationText.Describe(d) : "until unlocked")}", t.Value))
            .ToList();
    }
}
