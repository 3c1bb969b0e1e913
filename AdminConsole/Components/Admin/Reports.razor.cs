using System.Globalization;
using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Reports;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin;

/// <summary>Suspicious activity in a range, each figure beside the equal range before it.</summary>
public partial class Reports
{
    private readonly List<BreadcrumbItem> breadcrumbs = [new("Console", "/admin"), new("Reports", null, disabled: true)];
    /// <summary>This range in the console's blue, the range before in slate: neither reads as good or bad.</summary>
    private static readonly BarChartOptions RangeColours = new() { ChartPalette = ["#2563EB", "#94A3B8"], MaxNumYAxisTicks = 8 };

    /// <summary>Locks are few: a tick per lock, not per 20, so a bar of two locks is not a sliver.</summary>
    private static readonly BarChartOptions TierColours = new() { ChartPalette = RangeColours.ChartPalette, YAxisTicks = 1, MaxNumYAxisTicks = 6 };

    private DateTime? fromDate;
    private DateTime? toDate;
    private ActivityReport? report;
    private bool loading;
    private string? error;
    private List<ChartSeries<double>> totalSeries = [];
    private string[] totalLabels = [];
    private List<ChartSeries<double>> tierSeries = [];
    private string[] tierLabels = [];

    [SupplyParameterFromQuery(Name = "from")] private string? FromQuery { get; set; }

    [SupplyParameterFromQuery(Name = "to")] private string? ToQuery { get; set; }

    private string CsvLink => $"api/admin/reports/activity.csv?from={Uri.EscapeDataString(Iso(report!.From))}&to={Uri.EscapeDataString(Iso(report.To))}";

    protected override async Task OnInitializedAsync()
    {
        var (weekFrom, weekTo) = Week();
        fromDate = Parse(FromQuery) ?? weekFrom.UtcDateTime;
        toDate = Parse(ToQuery) ?? weekTo.UtcDateTime;
        await LoadAsync();
    }

    private (DateTimeOffset, DateTimeOffset) Week()
    {
        var to = ActivityReports.WeekStart(Time.GetUtcNow(), DayOfWeek.Monday);
        return (to.AddDays(-7), to);
    }

    private async Task LastWeekAsync()
    {
        var (from, to) = Week();
        (fromDate, toDate) = (from.UtcDateTime, to.UtcDateTime);
        await LoadAsync();
    }

    private async Task LastDaysAsync(int days)
    {
        var today = Time.GetUtcNow().UtcDateTime.Date.AddDays(1);
        (fromDate, toDate) = (today.AddDays(-days), today);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var from = new DateTimeOffset(DateTime.SpecifyKind((fromDate ?? now).Date, DateTimeKind.Utc));
        var to = new DateTimeOffset(DateTime.SpecifyKind((toDate ?? now).Date, DateTimeKind.Utc));
        error = ActivityReports.Validate(from, to);
        if (error is not null)
        {
            return;
        }

        loading = true;
        StateHasChanged();
        try
        {
            report = await Scope.RunAsync<ActivityReports, ActivityReport>(q => q.GetAsync(from, to, Aborted));
        }
        finally
        {
            loading = false;
        }

        var totals = AdminConsole.Api.ReportExport.Totals(report).ToList();
        totalLabels = ["Failures", "Addresses", "Accounts", "Sprays", "Distributed", "Locks", "Blocks", "Devices"];
        totalSeries =
        [
            new() { Name = "This range", Data = totals.Select(t => (double)t.Change.Current).ToArray() },
            new() { Name = "The range before", Data = totals.Select(t => (double)t.Change.Previous).ToArray() },
        ];
        tierLabels = report.LocksByTier.Keys.Select(t => $"Tier {t}").ToArray();
        tierSeries =
        [
            new() { Name = "This range", Data = report.LocksByTier.Values.Select(c => (double)c.Current).ToArray() },
            new() { Name = "The range before", Data = report.LocksByTier.Values.Select(c => (double)c.Previous).ToArray() },
        ];
    }

    private const string NoFailures = "No failures in this range.";

    private static IEnumerable<(string Title, IReadOnlyList<RankedChange> Rows, string? Link, string Empty)> Lists(ActivityReport r) =>
    [
        ("Top attacking addresses", r.TopAddresses, "admin/addresses/", NoFailures),
        ("Top attacking networks", r.TopNetworks, null, NoFailures),
        ("Top attacking countries", r.TopCountries, null, "No failure in this range was placed in a country (attempts are placed when Geo:CountryDatabase is set)."),
        ("Most targeted accounts", r.TopAccounts, "admin/accounts/", NoFailures),
    ];

    private static DateTime? Parse(string? value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
