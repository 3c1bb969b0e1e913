namespace AdminConsole.Protection;

/// <summary>
/// Response headers for every answer. The Content-Security-Policy fits Blazor Server and MudBlazor: scripts only from
/// this origin (no inline script, no eval), the circuit's WebSocket to this origin, and inline styles, which MudBlazor
/// writes as style attributes on its components (a style attribute cannot carry a nonce, so <c>style-src</c> needs
/// 'unsafe-inline'; style cannot run script). Pages whose URL carries a token send no Referer at all.
/// <c>form-action</c> also names the origins of the applications' registered redirect URIs (<c>OpenId:Clients</c>):
/// browsers apply it to every redirect after a form is posted, and a sign-in for an application ends in a redirect to
/// the application.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Only features browsers know: an unknown name (<c>bluetooth</c>, the retired <c>interest-cohort</c>) is ignored
    /// and makes Chromium log an error on every page.
    /// </summary>
    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
        + "publickey-credentials-get=(self), publickey-credentials-create=(self)";

    /// <summary>Pages reached from links that carry a token (mail links): the token must not leak through Referer.</summary>
    private static readonly string[] TokenPages =
        ["/Account/ResetPassword", "/Account/ConfirmEmail", "/Account/ConfirmEmailChange", "/Account/SetPassword"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var policy = PolicyFor(app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Core.OpenId.OpenIdOptions>>().Value);
        return app.Use((context, next) =>
        {
            // Set when the answer starts, over whatever a framework component added (Blazor adds its own frame-ancestors).
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
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

    /// <summary>The policy with the registered redirect URIs' origins added to <c>form-action</c>.</summary>
    public static string PolicyFor(Core.OpenId.OpenIdOptions openId)
    {
        var origins = openId.Clients.SelectMany(c => c.RedirectUris)
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        return origins.Count == 0
            ? ContentSecurityPolicy
            : ContentSecurityPolicy.Replace("form-action 'self'", "form-action 'self' " + string.Join(' ', origins), StringComparison.Ordinal);
    }
}
