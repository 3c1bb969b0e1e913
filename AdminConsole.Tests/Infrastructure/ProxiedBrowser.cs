namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// A browser seen through the trusted proxy of <see cref="ProxyKestrelAppFactory"/>: every request comes from the
/// proxy's socket with <c>X-Forwarded-For</c> (the browser's address) and <c>X-Forwarded-Proto: https</c>, and the
/// cookies are kept by hand, since they are Secure and a cookie container would not send them back over the
/// plain-HTTP loopback connection. Given a <c>host</c>, every request names it in its <c>Host</c> header (unless the
/// request names one itself), as a browser that reached the app by that name does.
/// </summary>
public sealed class ProxiedBrowser(string address, string? host = null) : DelegatingHandler(KestrelAppFactory.SocketHandler(ProxyKestrelAppFactory.Proxy))
{
    private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

    public static HttpClient Create(ProxyKestrelAppFactory app, string address, string? host = null)
    {
        return new HttpClient(new ProxiedBrowser(address, host)) { BaseAddress = app.ServerAddress };
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", address);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.Host ??= host;
        if (cookies.Count > 0 && !request.Headers.Contains("Cookie"))
        {
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await base.SendAsync(request, cancellationToken);
        foreach (var setCookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = setCookie.Split(';')[0];
            var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var expired = setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || value.Length == 0;
            if (expired)
            {
                cookies.Remove(name);
            }
            else
            {
                cookies[name] = value;
            }
        }

        return response;
    }
}
