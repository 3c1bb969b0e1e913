namespace AdminConsole.Protection;

/// <summary>
/// Response headers for every answer. The Content-Security-Policy fits Blazor Server and MudBlazor: scripts only from
/// this origin (no inline script, no eval), the circuit's WebSocket to this origin, and inline styles, which MudBlazor
/// writes as style attributes on its components (a style attribute cannot carry a nonce, so <c>style-src</c> needs
/// 'unsafe-inline'; style cannot run script). Pages whose URL carries a token send no Referer at all.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=(), "
        + "publickey-credentials-get=(self), publickey-credentials-create=(self)";

    /// <summary>Pages reached from links that carry a token (mail links): the token must not leak through Referer.</summary>
    private static readonly string[] TokenPages =
        ["/Account/ResetPassword", "/Account/ConfirmEmail", "/Account/ConfirmEmailChange", "/Account/SetPassword"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Set when the answer starts, over whatever a framework component added (Blazor adds its own frame-ancestors).
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = TokenPages.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
                    ? "no-referrer"
                    : "same-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
