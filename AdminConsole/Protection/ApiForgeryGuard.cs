using AdminConsole.Core.Links;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AdminConsole.Protection;

/// <summary>
/// Same-site request forgery on the API: the sign-in cookie is SameSite=Lax, which stops cross-site posts but not
/// posts from another origin on the same site (another port, a sibling subdomain). An API call that carries the
/// cookie and changes state (any method but GET, HEAD, OPTIONS, TRACE) must show that this app's own page sent it:
/// a JSON body (a form or <c>text/plain</c> post cannot send one without a CORS preflight, which this app never
/// grants), <c>Sec-Fetch-Site: same-origin</c>, an <c>Origin</c> equal to this app's origin, or a valid antiforgery
/// token in the <c>RequestVerificationToken</c> header. Calls with an <c>Authorization</c> header (bearer tokens) carry no ambient credential and pass.
/// </summary>
internal static partial class ApiForgeryGuard
{
    public const string Title = "This request must come from the console itself.";

    public static IApplicationBuilder UseApiForgeryGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (ProtectionResponses.IsApi(context) && await IsForgeableAsync(context))
            {
                Refused(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiForgeryGuard)),
                    context.Request.Method, context.Request.Path, context.Request.Headers.Origin.ToString(), context.Request.Headers["Sec-Fetch-Site"].ToString());
                await ProtectionResponses.ForgeryAsync(context);
                return;
            }

            await next(context);
        });

    /// <summary>A cookie-authenticated call that changes state and shows nothing a page on another origin cannot send.</summary>
    private static async Task<bool> IsForgeableAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)
            || request.Headers.Authorization.Count > 0)
        {
            return false;
        }

        var cookie = context.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie.Name;
        if (cookie is null || !request.Cookies.ContainsKey(cookie))
        {
            return false;
        }

        // The token counts from its header only: the form is what this refuses, and its cookie is Secure (HTTPS).
        var tokenHeader = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.HeaderName;
        return !(request.HasJsonContentType() || IsSameOrigin(context)
            || (request.IsHttps && tokenHeader is not null && request.Headers.ContainsKey(tokenHeader)
                && await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context)));
    }

    private static bool IsSameOrigin(HttpContext context)
    {
        var request = context.Request;
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var origin = request.Headers[HeaderNames.Origin].ToString();
        return origin.Length > 0
            && (string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
                || string.Equals(origin, context.RequestServices.GetRequiredService<PublicLinks>().Origin, StringComparison.OrdinalIgnoreCase));
    }

    [LoggerMessage(EventId = 5001, EventName = "ApiForgeryRefused", Level = LogLevel.Warning,
        Message = "Refused a cookie-authenticated {Method} {Path}: no JSON body, antiforgery token or same-origin proof (Origin '{Origin}', Sec-Fetch-Site '{FetchSite}')")]
    private static partial void Refused(ILogger logger, string method, string path, string origin, string fetchSite);
}
