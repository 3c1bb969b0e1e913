using System.Globalization;
using System.Net;
using System.Text.Json;
using AdminConsole.Core.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AdminConsole.Protection;

/// <summary>
/// The answers to refused requests, written without touching the database, Razor or antiforgery: problem+json
/// for the API, a small self-contained page for browsers.
/// </summary>
internal static class ProtectionResponses
{
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static Task BlockedAsync(HttpContext context, DateTimeOffset? until, DateTimeOffset now)
    {
        var when = until is { } u ? "until " + SignInMessages.FormatTime(u, now) : "until an administrator lifts the block";
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (until is { } end)
        {
            context.Response.Headers.RetryAfter = Seconds(end - now);
        }

        return IsApi(context)
            ? ProblemAsync(context, new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Requests from your network are blocked.",
                Detail = $"Requests from your network are blocked {when}.",
                Extensions = { ["blockedUntil"] = until },
            })
            : PageAsync(context, "Sign-in blocked", $"Sign-in from your network is blocked {when}.",
                "Too many failed sign-ins came from your network, or an administrator blocked it. If you think this is a mistake, contact your administrator.");
    }

    /// <summary>Outside Development, pages need HTTPS: their cookies are Secure and would never come back.</summary>
    public static Task HttpsRequiredAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return PageAsync(context, "HTTPS required", "This console must be reached over HTTPS.",
            "Its cookies are Secure outside Development. Terminate TLS at a proxy listed in Network:TrustedProxies that sends "
            + "X-Forwarded-Proto, or give Kestrel a certificate.");
    }

    public static Task TooManyRequestsAsync(HttpContext context, TimeSpan? retryAfter)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var wait = retryAfter ?? TimeSpan.FromMinutes(1);
        context.Response.Headers.RetryAfter = Seconds(wait);
        var text = $"Too many requests. Try again in {Describe(wait)}.";
        return IsApi(context)
            ? ProblemAsync(context, new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests.", Detail = text })
            : PageAsync(context, "Too many requests", text, "This limit protects sign-in from automated guessing.");
    }

    /// <summary>A page's request that cannot be used (a form without its antiforgery token, a body that cannot be read).</summary>
    public static Task NotAcceptedAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return PageAsync(context, "Request not accepted", "This form was not sent from this site's page, or the page has expired.",
            "Go back, reload the page and try again.");
    }

    /// <summary>A cookie-authenticated API call that could have come from another origin (<see cref="ApiForgeryGuard"/>).</summary>
    public static Task ForgeryAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return ProblemAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = ApiForgeryGuard.Title,
            Detail = "A call signed in with the browser's cookie that changes something needs a JSON body (Content-Type: application/json), "
                + "an antiforgery token, or to come from this app's own pages (Origin or Sec-Fetch-Site: same-origin). Scripts use a bearer token.",
        });
    }

    private static string Seconds(TimeSpan span) =>
        Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan span) =>
        span.TotalSeconds < 90 ? $"{Math.Max(1, (int)Math.Ceiling(span.TotalSeconds))} seconds" : $"{(int)Math.Ceiling(span.TotalMinutes)} minutes";

    private static Task ProblemAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(problem, JsonSerializerOptions.Web));
    }

    private static Task PageAsync(HttpContext context, string title, string headline, string detail)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{WebUtility.HtmlEncode(title)}} · AdminConsole</title>
            <style>
            body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;font-family:Roboto,Helvetica,Arial,sans-serif;background:linear-gradient(160deg,#f1f5f9,#dbe4f3);color:#1e293b}
            .brand{font-size:1.1rem;color:#1e3a8a;margin:0 0 16px;font-weight:500}main{background:#fff;max-width:440px;margin:16px;padding:32px;border-radius:8px;box-shadow:0 2px 6px rgba(0,0,0,.15)}
            h1{font-size:1.4rem;font-weight:500;margin:0 0 12px;color:#b91c1c}p{line-height:1.5;margin:0 0 8px}small{color:#64748b}
            </style></head>
            <body><main><p class="brand">&#x1F6E1;&#xFE0F; AdminConsole</p><div role="alert"><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(headline)}}</p><small>{{WebUtility.HtmlEncode(detail)}}</small></div></main></body></html>
            """;
        return context.Response.WriteAsync(html);
    }
}
