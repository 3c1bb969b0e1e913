using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using AdminConsole.Core.Identity;
using AdminConsole.Core.SignIn;
using Microsoft.AspNetCore.Identity;

namespace AdminConsole.Bench;

/// <summary>
/// P2b-P2d against the running Release build, as a relying party sees the provider: a whole OpenID Connect sign-in
/// (authorize, the sign-in form's post, the code redeemed for tokens) against the bare hash, the refresh-token grant,
/// and the time from a session's end to its back-channel logout reaching the application.
/// </summary>
public static partial class OpenIdFigures
{
    /// <summary>The bench's application: public, PKCE, with a back-channel logout endpoint (<see cref="AppProcess"/> registers it).</summary>
    public const string ClientId = "bench";
    public const string RedirectUri = "http://127.0.0.1:5999/callback";
    private const string User = "bob@example.com";
    private const string UserPassword = "bob-dev-password-2026";

    public static async Task RunAsync(AppProcess app, BackChannelListener receiver, Table table)
    {
        var hasher = new PasswordHasher<AppUser>();
        var hashed = hasher.HashPassword(new AppUser(), UserPassword);
        var device = new Cookie();
        var signIns = new List<double>();
        var hashes = new List<double>();
        var refreshes = new List<double>();
        var logouts = new List<double>();
        for (var i = 0; i < 31; i++)
        {
            var clock = Stopwatch.StartNew();
            hasher.VerifyHashedPassword(new AppUser(), hashed, UserPassword);
            var hash = clock.Elapsed.TotalMilliseconds;
            using var browser = new Browser(app, device);
            clock.Restart();
            var tokens = await browser.SignInAsync();
            var signIn = clock.Elapsed.TotalMilliseconds;
            device = browser.DeviceCookie() ?? device;

            var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
            for (var r = 0; r < 5; r++)
            {
                clock.Restart();
                refreshToken = (await browser.RefreshAsync(refreshToken)).GetProperty("refresh_token").GetString()!;
                if (i > 0)
                {
                    refreshes.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            receiver.Clear();
            clock.Restart();
            await browser.SignOutAsync(tokens.GetProperty("id_token").GetString()!);
            var delivered = await receiver.NextAsync(TimeSpan.FromSeconds(10));
            if (i == 0)
            {
                continue; // the warm-up
            }

            hashes.Add(hash);
            signIns.Add(signIn);
            logouts.Add(delivered ? clock.Elapsed.TotalMilliseconds : double.PositiveInfinity);
        }

        var db = BenchDatabase.IsPostgreSql ? ", PostgreSQL" : "";
        var reference = Median(hashes);
        var median = Median(signIns);
        table.Add("P2b", $"whole OpenID Connect sign-in (authorize, sign-in post, code for tokens), median of {signIns.Count}{db}", $"{median:F1} ms",
            $"{median / reference:F2}x the {reference:F1} ms hash verify", "at most 1.3x", median / reference <= 1.3);
        var refresh = Median(refreshes);
        table.Add("P2c", $"refresh-token grant, median of {refreshes.Count}{db}", $"{refresh:F1} ms",
            $"p99 {P99(refreshes):F1} ms; {refresh / reference:F2}x the hash verify", "under 10 ms median", refresh < 10);
        var logout = Median(logouts);
        var slowest = logouts.Max();
        table.Add("P2d", $"back-channel logout reaching its receiver after the session ends, median of {logouts.Count}{db}", $"{logout:F0} ms",
            double.IsInfinity(slowest) ? $"{logouts.Count(double.IsInfinity)} not delivered within 10 s" : $"slowest {slowest:F0} ms (from the end-session request)",
            "under 1 s", slowest < 1000);
    }

    private static double Median(IEnumerable<double> values)
    {
        var list = values.Order().ToList();
        return list.Count == 0 ? double.NaN : list[list.Count / 2];
    }

    private static double P99(List<double> samples)
    {
        var ok = samples.Order().ToList();
        return ok[Math.Min(ok.Count - 1, (int)Math.Ceiling(ok.Count * 0.99) - 1)];
    }

    /// <summary>A fresh browser that carries only the device cookie of the previous sign-in (so it is a known device, as in P2).</summary>
    private sealed class Browser : IDisposable
    {
        private readonly CookieContainer cookies = new();
        private readonly HttpClient http;

        public Browser(AppProcess app, Cookie device)
        {
            http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = cookies, AllowAutoRedirect = false })
            {
                BaseAddress = new Uri(app.BaseUrl),
                Timeout = TimeSpan.FromSeconds(60),
            };
            http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.18.201.1");
            if (!string.IsNullOrEmpty(device.Name))
            {
                cookies.Add(http.BaseAddress, new Cookie(device.Name, device.Value, "/"));
            }
        }

        public Cookie? DeviceCookie() =>
            cookies.GetCookies(http.BaseAddress!).FirstOrDefault(c => c.Name == KnownDevices.CookieName);

        /// <summary>Authorize, sent to the sign-in page, its form posted, authorize again, the code redeemed.</summary>
        public async Task<JsonElement> SignInAsync()
        {
            var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
            var challenge = Base64Url(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
            var authorize = $"/connect/authorize?response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}"
                + $"&scope={Uri.EscapeDataString("openid email offline_access")}&state=bench&code_challenge={challenge}&code_challenge_method=S256";
            var login = await RedirectOfAsync(await http.GetAsync(authorize));
            using var page = await http.GetAsync(login);
            var token = AntiforgeryInput().Match(await page.Content.ReadAsStringAsync());
            if (!token.Success)
            {
                throw new InvalidOperationException($"The sign-in page {login} answered {(int)page.StatusCode} without a form token.");
            }

            using var form = new FormUrlEncodedContent(
            [
                new("_handler", "login"), new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)),
                new("Input.Email", User), new("Input.Password", UserPassword),
            ]);
            var back = await RedirectOfAsync(await http.PostAsync(login, form));
            var callback = new Uri(await RedirectOfAsync(await http.GetAsync(back)));
            var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query).TryGetValue("code", out var c)
                ? c.ToString() : throw new InvalidOperationException($"No code in {callback}");
            return await TokenAsync(("grant_type", "authorization_code"), ("code", code), ("code_verifier", verifier), ("client_id", ClientId), ("redirect_uri", RedirectUri));
        }

        public Task<JsonElement> RefreshAsync(string refreshToken) =>
            TokenAsync(("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", ClientId));

        /// <summary>RP-initiated logout with the id token as hint: the browser's session ends.</summary>
        public async Task SignOutAsync(string idToken)
        {
            using var response = await http.GetAsync($"/connect/logout?id_token_hint={Uri.EscapeDataString(idToken)}&client_id={ClientId}");
            if ((int)response.StatusCode >= 400)
            {
                throw new InvalidOperationException($"The end-session request answered {(int)response.StatusCode}.");
            }
        }

        public void Dispose() => http.Dispose();

        private async Task<JsonElement> TokenAsync(params (string Name, string Value)[] fields)
        {
            using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));
            var body = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.Clone()
                : throw new InvalidOperationException($"The token endpoint answered {(int)response.StatusCode}: {body}");
        }

        private static async Task<string> RedirectOfAsync(HttpResponseMessage response)
        {
            using (response)
            {
                return response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther && response.Headers.Location is { } location
                    ? location.ToString()
                    : throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, not a redirect.");
            }
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}

/// <summary>The bench application's back-channel logout endpoint on a loopback port: notes when each logout token arrives.</summary>
public sealed class BackChannelListener : IDisposable
{
    private readonly HttpListener listener = new();
    private Channel<bool> arrivals = Channel.CreateUnbounded<bool>();

    public BackChannelListener()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/backchannel-logout/";
        listener.Prefixes.Add(Url);
        listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    public string Url { get; }

    public void Clear() => arrivals = Channel.CreateUnbounded<bool>();

    /// <summary>True when a logout token arrived within <paramref name="within"/>.</summary>
    public async Task<bool> NextAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await arrivals.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => listener.Close();

    private async Task ReceiveAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                if ((await reader.ReadToEndAsync()).Contains("logout_token=", StringComparison.Ordinal))
                {
                    arrivals.Writer.TryWrite(true);
                }
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
