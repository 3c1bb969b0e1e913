using System.Globalization;
using AdminConsole.Core.Attempts;
using CsvHelper;

namespace AdminConsole.Api;

/// <summary>
/// The filtered attempt history as CSV, streamed row by row from the database to the response, so an export of
/// millions of rows holds no more than one row in memory; the browser shows the download's progress.
/// </summary>
public static class AttemptExport
{
    public static IEndpointRouteBuilder MapAttemptExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/attempts.csv", ExportAsync)
            .RequireAuthorization(WebApplicationExtensions.ConsolePolicy)
            .WithTags("Admin");
        return app;
    }

    private static async Task ExportAsync(
        HttpContext http,
        AttemptQueries attempts,
        DateTimeOffset? from,
        DateTimeOffset? to,
        LoginOutcome? outcome,
        string? userName,
        string? address,
        string? client,
        string? country,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var query = new AttemptQuery(from, to, outcome, userName, address, Client: client, Country: country);
        if (AttemptQueries.Validate(query) is { } error)
        {
            await TypedResults.Problem(title: error, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"attempts-{time.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}.csv\"";
        await using var csv = CsvWriter.Create(http.Response.Body, null, leaveOpen: true);
        csv.WriteHeader(["TimeUtc", "Outcome", "Requests", "UserName", "UserId", "Address", "Tier", "UserAgent", "Application", "Country", "Asn", "AsnOrganization", "RiskScore"]);
        await foreach (var row in attempts.StreamAsync(query).WithCancellation(cancellationToken))
        {
            await csv.WriteRecordAsync(
                [
                    row.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    row.Outcome.ToString(),
                    row.Count.ToString(CultureInfo.InvariantCulture),
                    Inert(row.UserName.ToLowerInvariant()),
                    row.UserId ?? "",
                    row.Address,
                    row.Tier.ToString(CultureInfo.InvariantCulture),
                    Inert(row.UserAgent ?? ""),
                    Inert(row.ClientId ?? ""),
                    row.Country ?? "",
                    row.Asn?.ToString(CultureInfo.InvariantCulture) ?? "",
                    Inert(row.AsnOrganization ?? ""),
                    row.RiskScore?.ToString(CultureInfo.InvariantCulture) ?? "",
                ],
                cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Text a client chose (user names, user agents) cannot start a spreadsheet formula: OWASP's CSV injection advice
    /// is to prefix such cells with a quote.
    /// </summary>
    public static string Inert(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
