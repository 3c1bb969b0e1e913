using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

using AdminConsole.Core.Identity;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.SignIn;

/// <summary>
/// Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): after a successful sign-in the
/// browser or client gets a data-protected cookie naming its device (a <see cref="Lockout.KnownDevice"/> row), the
/// account and an expiry. A later sign-in for that account from that device goes to its own admission lane, so an
/// attack that fills the shared queue does not keep the account's owner out, and while the account is locked for
/// new devices it keeps its own counter (<see cref="Lockout.DeviceLanePolicy"/>). The server-side row decides
/// whether the device still counts: a revoked device is a stranger again, whatever its cookie says.
/// </summary>
public sealed class KnownDevices(IDataProtectionProvider protection, IOptions<AdmissionOptions> options, TimeProvider time, IHostEnvironment environment)
{
    public const string CookieName = "AdminConsole.Device";

    private readonly IDataProtector protector = protection.CreateProtector("AdminConsole.KnownDevice.v2");

    /// <summary>Whether the request carries a valid, unexpired device cookie for <paramref name="accountKey"/> (no database read).</summary>
    public bool IsKnown(HttpContext? http, string accountKey) => DeviceId(http, accountKey) is not null;

    /// <summary>The device id of a valid, unexpired device cookie for <paramref name="accountKey"/>, or null.</summary>
    public string? DeviceId(HttpContext? http, string accountKey)
    {
        if (http?.Request.Cookies[CookieName] is not { Length: > 0 } cookie || accountKey.Length == 0)
        {
            return null;
        }

        try
        {
            var parts = protector.Unprotect(cookie).Split('\n');
            return parts.Length == 3
                && parts[0].Length > 0
                && string.Equals(parts[1], accountKey, StringComparison.Ordinal)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
                && time.GetUtcNow().ToUnixTimeSeconds() < expires
                    ? parts[0]
                    : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // forged, from another key ring, or damaged: simply not known
        }
    }

    /// <summary>Gives the requesting device the cookie of device <paramref name="deviceId"/> of <paramref name="accountKey"/>.</summary>
    public void Remember(HttpContext? http, string accountKey, string deviceId)
    {
        if (http is null || http.Response.HasStarted || accountKey.Length == 0)
        {
            return;
        }

        var expires = time.GetUtcNow() + options.Value.KnownDeviceLifetime;
        var value = protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{deviceId}\n{accountKey}\n{expires.ToUnixTimeSeconds()}"));
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
