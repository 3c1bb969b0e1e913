using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Identity;

/// <summary>
/// Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): after a successful sign-in the
/// browser or client gets a data-protected cookie naming the account and an expiry. A later sign-in for that
/// account from that device goes to its own admission lane, so an attack that fills the shared queue does not
/// keep the account's owner out. The cookie grants nothing else: lockout, address rules and the password still apply.
/// </summary>
public sealed class KnownDevices(IDataProtectionProvider protection, IOptions<AdmissionOptions> options, TimeProvider time, IHostEnvironment environment)
{
    public const string CookieName = "AdminConsole.Device";

    private readonly IDataProtector protector = protection.CreateProtector("AdminConsole.KnownDevice.v1");

    /// <summary>Whether the request carries a valid, unexpired device cookie for <paramref name="accountKey"/>.</summary>
    public bool IsKnown(HttpContext? http, string accountKey)
    {
        if (http?.Request.Cookies[CookieName] is not { Length: > 0 } cookie || accountKey.Length == 0)
        {
            return false;
        }

        try
        {
            var parts = protector.Unprotect(cookie).Split('\n');
            return parts.Length == 2
                && string.Equals(parts[0], accountKey, StringComparison.Ordinal)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
                && time.GetUtcNow().ToUnixTimeSeconds() < expires;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false; // forged, from another key ring, or damaged: simply not known
        }
    }

    /// <summary>Marks the requesting device as known for <paramref name="accountKey"/> (after a successful sign-in).</summary>
    public void Remember(HttpContext? http, string accountKey)
    {
        if (http is null || http.Response.HasStarted || accountKey.Length == 0)
        {
            return;
        }

        var expires = time.GetUtcNow() + options.Value.KnownDeviceLifetime;
        var value = protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{accountKey}\n{expires.ToUnixTimeSeconds()}"));
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps || !environment.IsDevelopment(),
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            Expires = expires,
            Path = "/",
        });
    }
}
