using AdminConsole.Core.Attempts;
using AdminConsole.Core.Lockout;
using Microsoft.AspNetCore.Http;

using AdminConsole.Core.Identity;

namespace AdminConsole.Core.SignIn;

/// <summary>
/// The known device of the current request, if any: its device cookie (<see cref="KnownDevices"/>) read together
/// with its server-side row (<see cref="KnownDeviceStore"/>), so a revoked device counts as a stranger at once.
/// </summary>
public sealed class RequestDevice(KnownDevices cookies, KnownDeviceStore store, IHttpContextAccessor accessor)
{
    /// <summary>The request's device for <paramref name="accountKey"/>; no database read without a valid cookie.</summary>
    public Task<KnownDeviceState?> FindAsync(string accountKey, CancellationToken cancellationToken) =>
        store.FindAsync(cookies.DeviceId(accessor.HttpContext, accountKey), accountKey, cancellationToken);

    /// <summary>After a successful sign-in: the device is known (or seen again) and carries its cookie.</summary>
    public async Task RememberAsync(string userId, string accountKey, CancellationToken cancellationToken)
    {
        var http = accessor.HttpContext;
        if (http is null || http.Response.HasStarted || accountKey.Length == 0)
        {
            return;
        }

        var client = ClientInfo.From(http);
        var id = await store.RememberAsync(cookies.DeviceId(http, accountKey), userId, accountKey, client.Address, client.UserAgent, cancellationToken);
        cookies.Remember(http, accountKey, id);
    }
}
