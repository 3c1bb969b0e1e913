using System.Globalization;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AdminConsole.Api;

/// <summary>How many notifications a read-all marked.</summary>
public sealed record MarkedRead(int Marked);

/// <summary>
/// The Notifications page for scripts (console roles): its filters, marking one or all read, and the bell's counts,
/// through the same <see cref="NotificationQueries"/>. Read state is per reader, the signed-in user's name.
/// </summary>
public static class NotificationApi
{
    public const int PageSize = 50;

    public static IEndpointRouteBuilder MapNotificationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin/notifications").RequireAuthorization(WebApplicationExtensions.ConsolePolicy).WithTags("Admin");
        api.MapGet("", ListAsync);
        api.MapGet("/counts", (HttpContext http, NotificationQueries notifications, CancellationToken ct) =>
            notifications.UnreadCountsAsync(Reader(http), ct));
        api.MapPost("/{id:long}/read", MarkReadAsync).DisableAntiforgery();
        api.MapPost("/read-all", async (HttpContext http, NotificationQueries notifications, CancellationToken ct) =>
            TypedResults.Ok(new MarkedRead(await notifications.MarkAllReadAsync(Reader(http), ct)))).DisableAntiforgery();
        return app;
    }

    private static string Reader(HttpContext http) => http.User.Identity?.Name ?? "";

    /// <summary>Filters arrive as text so that a bad value gets a 400 naming its field, not the framework's bare 400.</summary>
    private static async Task<Results<Ok<Page<NotificationRow>>, ValidationProblem>> ListAsync(
        HttpContext http,
        NotificationQueries notifications,
        string? severity,
        string? type,
        string? unread,
        string? from,
        string? to,
        string? page,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var query = new NotificationQuery(
            Severity: Choice<SecurityEventSeverity>(severity, nameof(severity), errors),
            Type: Choice<NotificationType>(type, nameof(type), errors),
            Unread: Flag(unread, nameof(unread), errors),
            From: Time(from, nameof(from), errors),
            To: Time(to, nameof(to), errors),
            Page: PageNumber(page, errors),
            PageSize: PageSize);
        if (query is { From: { } start, To: { } end } && end <= start)
        {
            errors[nameof(to)] = ["to must be later than from."];
        }

        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(await notifications.ListAsync(Reader(http), query, ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(long id, HttpContext http, NotificationQueries notifications, CancellationToken ct) =>
        await notifications.MarkReadAsync(Reader(http), id, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "There is no notification with that id.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>One of the enum's names (any case); numbers are refused, since any number parses into an enum.</summary>
    private static T? Choice<T>(string? value, string field, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (Enum.GetNames<T>().FirstOrDefault(name => name.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase)) is { } match)
        {
            return Enum.Parse<T>(match);
        }

        errors[field] = [$"{field} must be one of {string.Join(", ", Enum.GetNames<T>())}."];
        return null;
    }

    private static bool? Flag(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        errors[field] = [$"{field} must be true or false."];
        return null;
    }

    private static DateTimeOffset? Time(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }

        errors[field] = [$"{field} must be a date and time, such as 2026-11-23T09:00:00Z."];
        return null;
    }

    private static int PageNumber(string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var page))
        {
            return page;
        }

        errors["page"] = ["page must be 0 or more."];
        return 0;
    }
}
