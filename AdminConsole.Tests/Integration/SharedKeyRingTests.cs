namespace AdminConsole.Tests.Integration;

/// <summary>
/// Data-protection keys live in the database under a fixed application name: a second instance on the same
/// database, with an empty home folder of its own (a new container), accepts the first instance's sign-in cookie.
/// Two real processes on real sockets.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class SharedKeyRingTests : IAsyncLifetime
{
    private const string Email = "keyring-admin@example.com";
    private const string Password = "keyring admin passphrase 2026";

    private readonly string folder = Directory.CreateTempSubdirectory("adminconsole-keyring-").FullName;

    private Dictionary<string, string> Environment(string home) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["HOME"] = Directory.CreateDirectory(Path.Combine(folder, home)).FullName,
        ["Database__Provider"] = AppFactory.Provider.ToString(),
        ["ConnectionStrings__AdminConsole"] = TestDatabase.ConnectionString(Path.Combine(folder, "shared.db")),
        ["Network__TrustedProxies__0"] = "127.0.0.1",
        ["App__PublicBaseUrl"] = "https://console.example.com",
        ["AllowedHosts"] = "127.0.0.1",
        ["Mail__PublicBaseUrl"] = "https://console.example.com",
        ["Mail__PickupDirectory"] = Path.Combine(folder, "mail"),
        ["Seed__Admin__Email"] = Email,
        ["Seed__Admin__Password"] = Password,
    };

    private static HttpRequestMessage Request(HttpMethod method, Uri baseAddress, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        request.Headers.Add("X-Forwarded-For", "203.0.113.90");
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }

    [Fact]
    public async Task A_second_instance_with_an_empty_home_folder_accepts_the_first_ones_cookie()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });

        await using var first = await AppProcess.StartAsync(Environment("home-a"));
        using var signIn = Request(HttpMethod.Post, first.BaseAddress, "/api/account/login");
        signIn.Content = JsonContent.Create(new { email = Email, password = Password });
        using var signedIn = await http.SendAsync(signIn, ct);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-AdminConsole.Auth=", StringComparison.Ordinal)).Split(';')[0];

        await using var second = await AppProcess.StartAsync(Environment("home-b"));
        using var me = Request(HttpMethod.Get, second.BaseAddress, "/api/account/me");
        me.Headers.Add("Cookie", cookie);
        using var answer = await http.SendAsync(me, ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder, "home-b"), "*.xml", SearchOption.AllDirectories));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by an exiting process; the temp folder is cleaned by the OS
        }

        return ValueTask.CompletedTask;
    }
}
