using System.Globalization;
using AdminConsole.Core.Reports;
using CsvHelper;

namespace AdminConsole.Api;

/// <summary>The suspicious-activity report of a range as CSV: one row per figure, each with the range before it.</summary>
public static class ReportExport
{
    public static IEndpointRouteBuilder MapReportExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/reports/activity.csv", ExportAsync)
            .RequireAuthorization(WebApplicationExtensions.ConsolePolicy)
            .WithTags("Admin");
        return app;
    }

    private static async Task ExportAsync(HttpContext http, ActivityReports reports, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var (weekFrom, weekTo) = reports.LastWeek();
        var (start, end) = (from ?? weekFrom, to ?? weekTo);
        if (ActivityReports.Validate(start, end) is { } error)
        {
            await TypedResults.Problem(title: error, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }

        var r = await reports.GetAsync(start, end, cancellationToken);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"activity-{start.UtcDateTime:yyyyMMdd}-{end.UtcDateTime:yyyyMMdd}.csv\"";
        await using var csv = CsvWriter.Create(http.Response.Body, null, leaveOpen: true);
        csv.WriteHeader(["Section", "Name", "Count", "PreviousCount", "Change"]);
        async Task Row(string section, string name, long count, long previous) =>
            await csv.WriteRecordAsync(
                [section, AttemptExport.Inert(name), count.ToString(CultureInfo.InvariantCulture), previous.ToString(CultureInfo.InvariantCulture), new Change(count, previous).Describe()],
                cancellationToken);

        await Row("Range", $"{start.UtcDateTime:yyyy-MM-dd HH:mm} to {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC", 0, 0);
        foreach (var (name, c) in Totals(r))
        {
            await Row("Total", name, c.Current, c.Previous);
        }

        foreach (var (tier, c) in r.LocksByTier)
        {
            await Row("Locks by tier", $"Tier {tier}", c.Current, c.Previous);
        }

        foreach (var (section, rows) in new[] { ("Top addresses", r.TopAddresses), ("Top networks", r.TopNetworks), ("Top countries", r.TopCountries), ("Most targeted accounts", r.TopAccounts) })
        {
            foreach (var row in rows)
            {
                await Row(section, row.Name, row.Count, row.PreviousCount);
            }
        }

        foreach (var f in r.SprayFindings)
        {
            await Row("Password spraying", $"{f.Subject} at {f.At.UtcDateTime:yyyy-MM-dd HH:mm}", f.Figure, 0);
        }

        foreach (var f in r.DistributedFindings)
        {
            await Row("Distributed attack", $"{f.Subject} at {f.At.UtcDateTime:yyyy-MM-dd HH:mm}", f.Figure, 0);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>The report's totals with their labels, as the page and the CSV show them.</summary>
    public static IEnumerable<(string Name, Change Change)> Totals(ActivityReport r) =>
    [
        ("Failed sign-ins", r.FailedSignIns),
        ("Attacking addresses", r.AttackingAddresses),
        ("Targeted accounts", r.TargetedAccounts),
        ("Password sprays found", r.Sprays),
        ("Distributed attacks found", r.DistributedAttacks),
        ("Accounts locked", r.Locks),
        ("Addresses blocked", r.Blocks),
        ("New devices", r.NewDevices),
    ];
}
