using AdminConsole.Core.OpenId;
using AdminConsole.Core.Sessions;
using Microsoft.Extensions.Options;

namespace AdminConsole.OpenId;

/// <summary>
/// The token API's refresh token kept in a cookie for browser clients (<c>"refreshCookie": true</c> when signing in):
/// httpOnly, SameSite=Strict, limited to the token paths, <c>Secure</c> with a <c>__Secure-</c> name outside
/// Development. Refresh and revoke read it when the body names no token, and every answer keeps it current: a new
/// token replaces it, a refused or revoked one clears it.
/// </summary>
internal static class RefreshCookie
{
    private const string AskedItem = "AdminConsole.RefreshCookie";

    /// <summary>The token paths: sign-in, refresh and revoke all start with it.</summary>
    public const string Path = ApiTokenClient.TokenPath;

    public static string Name(HttpContext http) => Secure(http) ? "__Secure-AdminConsole.Refresh" : "AdminConsole.Refresh";

    /// <summary>This request's answer keeps its refresh token in the cookie.</summary>
    public static void Ask(HttpContext http) => http.Items[AskedItem] = true;

    public static bool Asked(HttpContext http) => http.Items.ContainsKey(AskedItem);

    /// <summary>The refresh token the cookie holds, and from now on the answer keeps it in the cookie.</summary>
    public static string? Read(HttpContext http)
    {
        var token = http.Request.Cookies[Name(http)];
        if (token is { Length: > 0 })
        {
            Ask(http);
        }

        return token;
    }

    /// <summary>
    /// Keeps the token in the cookie for the token's lifetime. <c>Expires</c> is read by the browser against its own
    /// clock, so it is stamped on the system clock rather than the app's <see cref="TimeProvider"/>; the server still
    /// checks the token itself when it is presented.
    /// </summary>
    public static void Write(HttpContext http, string refreshToken)
    {
        var lifetime = http.RequestServices.GetRequiredService<IOptionsMonitor<ApiTokenOptions>>().CurrentValue.RefreshTokenLifetime;
        http.Response.Cookies.Append(Name(http), refreshToken, Options(http, TimeProvider.System.GetUtcNow() + lifetime));
    }

    public static void Clear(HttpContext http) => http.Response.Cookies.Delete(Name(http), Options(http, expires: null));

    private static CookieOptions Options(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = Secure(http),
        Path = Path,
        Expires = expires,
        IsEssential = true,
    };

    private static bool Secure(HttpContext http) => !http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment() || http.Request.IsHttps;
}
