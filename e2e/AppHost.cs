using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AdminConsole.E2E;

/// <summary>
/// Starts the built app on a free loopback port with a fresh SQLite database and the development seed (plus
/// accounts of its own), a real SMTP server for its mail, and Debian's Chromium through Playwright (never a
/// downloaded browser).
/// </summary>
public sealed class AppHost : IAsyncLifetime
{
    public const string AdminEmail = "admin@adminconsole.local";
    public const string AdminPassword = "console-admin-dev-2026";

    /// <summary>The development admin's authenticator key (root appsettings.Development.json): console roles need a second factor.</summary>
    public const string AdminAuthenticatorKey = "JBSWY3DPEHPK3PXPADMINCONSOLE2345";

    /// <summary>A SecurityViewer with an authenticator, whose open console an admin ends (ConsoleCircuitTests).</summary>
    public const string AnalystEmail = "e2e-analyst@example.com";
    public const string AnalystPassword = "e2e analyst passphrase";
    public const string AnalystAuthenticatorKey = "JBSWY3DPEHPK3PXPANALYSTCIRCUIT23";

    /// <summary>A SecurityViewer without a second factor: the console sends it to set one up.</summary>
    public const string PlainViewerEmail = "e2e-viewer@example.com";
    public const string PlainViewerPassword = "e2e viewer passphrase";
    public const string UserEmail = "alice@example.com";
    public const string UserPassword = "alice-dev-password-2026";
    public const string LockoutEmail = "e2e-lockout@example.com";
    public const string LockoutPassword = "e2e lockout passphrase";

    public const string UnlockEmail = "e2e-unlock@example.com";
    public const string UnlockPassword = "e2e unlock passphrase";

    public const string BellEmail = "e2e-bell@example.com";
    public const string BellPassword = "e2e bell passphrase";

    public const string SessionsEmail = "e2e-sessions@example.com";
    public const string SessionsPassword = "e2e sessions passphrase";

    /// <summary>Locked by failures, then unlocked with the link the unlock mail brings (UnlockByMailTests).</summary>
    public const string MailUnlockEmail = "e2e-mail-unlock@example.com";
    public const string MailUnlockPassword = "e2e mail unlock passphrase";

    public const string ResetEmail = "e2e-reset@example.com";
    public const string ResetPassword = "e2e reset passphrase";

    /// <summary>Turns on two-factor authentication while visiting the account pages; no other test signs in as it.</summary>
    public const string PagesEmail = "e2e-pages@example.com";
    public const string PagesPassword = "e2e pages passphrase";

    /// <summary>Locked by a new browser while its owner's known browser signs in; no other test signs in as it.</summary>
    public const string DevicesEmail = "e2e-devices@example.com";
    public const string DevicesPassword = "e2e devices passphrase";

    /// <summary>Its password is replaced by a common one (<see cref="UseCommonPasswordAsync"/>), as if set before the list applied.</summary>
    public const string CommonEmail = "e2e-common@example.com";
    public const string CommonPassword = "qwertyuiop123";

    /// <summary>Signs in to the <see cref="RelyingParty"/> through AdminConsole; an admin then locks it.</summary>
    public const string RelyingPartyEmail = "e2e-relying-party@example.com";
    public const string RelyingPartyPassword = "e2e relying party passphrase";

    /// <summary>Fails three times, then signs in through the challenge the sign-in page solves by itself.</summary>
    public const string ChallengeEmail = "e2e-challenge@example.com";
    public const string ChallengePassword = "e2e challenge passphrase";

    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), $"adminconsole-e2e-{Guid.NewGuid():N}");
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? app;
    private IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";

    /// <summary>An application registered with AdminConsole (started once the app listens).</summary>
    public RelyingParty RelyingParty { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The real SMTP server (Debian's aiosmtpd) the app sends its mail to.</summary>
    public SmtpServer Smtp { get; } = new();

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot, "e2e", "artifacts")).FullName;

    public async ValueTask InitializeAsync()
    {
        await Smtp.StartAsync();
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var appFolder = AppFolder();
        Directory.CreateDirectory(dataFolder);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(appFolder, "AdminConsole.dll"), "--urls", BaseUrl])
        {
            WorkingDirectory = appFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Geo__CountryDatabase"] = TestGeoDatabases.CountryPath;
        start.Environment["Geo__AsnDatabase"] = TestGeoDatabases.AsnPath;
        start.Environment["ConnectionStrings__AdminConsole"] = $"Data Source={Path.Combine(dataFolder, "e2e.db")}";
        start.Environment["Seed__Users__10__Email"] = LockoutEmail;
        start.Environment["Seed__Users__10__Password"] = LockoutPassword;
        start.Environment["Seed__Users__11__Email"] = UnlockEmail;
        start.Environment["Seed__Users__11__Password"] = UnlockPassword;
        start.Environment["Seed__Users__12__Email"] = BellEmail;
        start.Environment["Seed__Users__12__Password"] = BellPassword;
        start.Environment["Seed__Users__15__Email"] = SessionsEmail;
        start.Environment["Seed__Users__15__Password"] = SessionsPassword;
        start.Environment["Seed__Users__16__Email"] = PlainViewerEmail;
        start.Environment["Seed__Users__16__Password"] = PlainViewerPassword;
        start.Environment["Seed__Users__16__Role"] = "SecurityViewer";
        start.Environment["Seed__Users__13__Email"] = ResetEmail;
        start.Environment["Seed__Users__13__Password"] = ResetPassword;
        start.Environment["Seed__Users__14__Email"] = PagesEmail;
        start.Environment["Seed__Users__14__Password"] = PagesPassword;
        start.Environment["Seed__Users__17__Email"] = DevicesEmail;
        start.Environment["Seed__Users__17__Password"] = DevicesPassword;
        start.Environment["Seed__Users__18__Email"] = CommonEmail;
        start.Environment["Seed__Users__18__Password"] = "e2e common passphrase";
        start.Environment["Mail__Smtp__Host"] = "127.0.0.1";
        start.Environment["Mail__Smtp__Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Mail__Smtp__Security"] = "None";
        start.Environment["App__PublicBaseUrl"] = BaseUrl;
        start.Environment["Webhooks__AllowPrivateTargets"] = "true"; // the test receiver listens on loopback
        start.Environment["Seed__Users__19__Email"] = RelyingPartyEmail;
        start.Environment["Seed__Users__19__Password"] = RelyingPartyPassword;
        start.Environment["Seed__Users__30__Email"] = ChallengeEmail;
        start.Environment["Seed__Users__30__Password"] = ChallengePassword;
        start.Environment["Seed__Users__20__Email"] = AnalystEmail;
        start.Environment["Seed__Users__20__Password"] = AnalystPassword;
        start.Environment["Seed__Users__20__Role"] = "SecurityViewer";
        start.Environment["Seed__Users__20__AuthenticatorKey"] = AnalystAuthenticatorKey;
        start.Environment["Seed__Users__21__Email"] = MailUnlockEmail;
        start.Environment["Seed__Users__21__Password"] = MailUnlockPassword;
        start.Environment["OpenId__AllowPrivateTargets"] = "true"; // the relying party listens on loopback
        start.Environment["OpenId__Clients__1__ClientId"] = RelyingParty.ClientId;
        start.Environment["OpenId__Clients__1__DisplayName"] = "e2e relying party";
        start.Environment["OpenId__Clients__1__Type"] = "public";
        start.Environment["OpenId__Clients__1__RedirectUris__0"] = RelyingParty.RedirectUri;
        start.Environment["OpenId__Clients__1__BackChannelLogoutUri"] = RelyingParty.BackChannelLogoutUri;
        start.Environment["OpenId__Clients__1__Scopes__0"] = "openid";
        start.Environment["OpenId__Clients__1__Scopes__1"] = "email";
        start.Environment["OpenId__Clients__1__Scopes__2"] = "profile"; // ASP.NET Core's handler asks for it by default

        // The browser talks to the app directly; tests that play a client behind a proxy send X-Forwarded-For.
        start.Environment["Network__TrustedProxies__0"] = "127.0.0.1";
        await SeedDemoAsync(start);
        app = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        app.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        app.Exited += (_, _) => listening.TrySetResult();
        app.EnableRaisingEvents = true;
        app.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        await WaitUntilReadyAsync();
        await RelyingParty.StartAsync(BaseUrl + "/");

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>
    /// Two weeks of demo history (DemoCommand: attempts, locked accounts in every tier, blocked addresses, an
    /// Allow rule), so every console page is looked at as an admin sees it, with tables and charts full.
    /// </summary>
    private static async Task SeedDemoAsync(ProcessStartInfo app)
    {
        var seed = new ProcessStartInfo("dotnet", [app.ArgumentList[0], "seed-demo", "--attempts", DemoAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = app.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in app.Environment)
        {
            seed.Environment[key] = value;
        }

        using var process = Process.Start(seed) ?? throw new InvalidOperationException("seed-demo did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"seed-demo exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    /// <summary>Enough attempts for two weeks of charts and ranked lists; written in about a second.</summary>
    public const int DemoAttempts = 5_000;

    /// <summary>A demo account locked at tier 2 for an hour, twenty minutes before the app starts; a test unlocks it.</summary>
    public const string DemoTierTwoEmail = "alan.turing@example.com";

    /// <summary>A demo account locked until an admin unlocks it (DemoDataGenerator locks the first four, the fourth for good).</summary>
    public const string DemoLockedEmail = "barbara.liskov@example.com";

    /// <param name="forwardedFor">
    /// Play a client behind the trusted proxy, with this address. Tests that fail sign-ins use their own, so the
    /// browser's own address is never blocked or rate-limited by another test's failures.
    /// </param>
    /// <param name="colorScheme">The system colour scheme the browser reports (<c>prefers-color-scheme</c>).</param>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, string? forwardedFor = null, string? storageState = null, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ColorScheme = colorScheme,
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ExtraHTTPHeaders = forwardedFor is null ? null : new Dictionary<string, string> { ["X-Forwarded-For"] = forwardedFor },
            StorageState = storageState,
        });
        var page = await context.NewPageAsync();
        Watch(page);
        return page;
    }

    private readonly List<string> problems = [];

    /// <summary>
    /// Every console error, uncaught script error and Content-Security-Policy violation (Chromium reports these as
    /// console errors), and every failed sub-resource, on any page the tests open. A page's own status (a 403 block
    /// page, a 429) is the app's answer, not a problem.
    /// </summary>
    private void Watch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource:", StringComparison.Ordinal))
            {
                Problem($"console error on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Problem($"script error on {page.Url}: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && response.Request.ResourceType is not ("document" or "fetch" or "xhr"))
            {
                Problem($"{response.Status} for {response.Request.ResourceType} {response.Url} on {page.Url}");
            }
        };
    }

    private void Problem(string text)
    {
        lock (problems)
        {
            problems.Add(text);
        }
    }

    /// <summary>The problems seen since the last call (tests run one at a time in the app collection).</summary>
    public IReadOnlyList<string> TakeProblems()
    {
        lock (problems)
        {
            var taken = problems.ToList();
            problems.Clear();
            return taken;
        }
    }

    private readonly SemaphoreSlim adminSignIn = new(1, 1);
    private string? adminState;

    /// <summary>A page signed in as the development admin; the admin signs in once and the cookie is reused.</summary>
    public async Task<IPage> AdminPageAsync(int width = 1280, int height = 800, ColorScheme colorScheme = ColorScheme.Light)
    {
        await adminSignIn.WaitAsync();
        try
        {
            if (adminState is null)
            {
                var first = await NewPageAsync();
                var login = new LoginPage(first);
                await login.GotoAsync();
                await login.SignInWithCodeAsync(AdminEmail, AdminPassword, AdminAuthenticatorKey);
                await Assertions.Expect(first.GetByTestId("console-user")).ToBeVisibleAsync();
                adminState = await first.Context.StorageStateAsync();
                await first.Context.CloseAsync();
            }
        }
        finally
        {
            adminSignIn.Release();
        }

        var page = await NewPageAsync(width, height, storageState: adminState, colorScheme: colorScheme);
        await GotoConsoleAsync(page, "/admin");
        await Assertions.Expect(page.GetByTestId("console-user")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The text box of a MudBlazor field, whichever element carries the test id.</summary>
    public static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    /// <summary>Opens a console page and waits until its circuit is live, so clicks reach the server.</summary>
    public static async Task GotoConsoleAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        // An interactive page marks its main content; a static page with islands (the dashboard) has each island
        // mark itself, and is ready when none is still waiting for its circuit.
        await Assertions.Expect(page.Locator("[data-interactive=true]").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-interactive=false]")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        if (await page.Locator(".mud-table:not(.mud-simple-table)").CountAsync() > 0)
        {
            // a grid has loaded when its body has a row: data, or the "no records" row
            await Assertions.Expect(page.Locator(".mud-table-body tr").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        }
    }

    /// <summary>
    /// Writes an Identity (V3: PBKDF2-HMAC-SHA512, 100,000 rounds) hash of <see cref="CommonPassword"/> straight into
    /// the database, which no page would accept as a new password.
    /// </summary>
    public async Task UseCommonPasswordAsync()
    {
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        var subkey = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(CommonPassword, salt, 100_000, System.Security.Cryptography.HashAlgorithmName.SHA512, 32);
        var hash = new byte[13 + salt.Length + subkey.Length];
        hash[0] = 0x01;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(1), 2); // HMACSHA512
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(5), 100_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(9), (uint)salt.Length);
        salt.CopyTo(hash, 13);
        subkey.CopyTo(hash, 13 + salt.Length);
        var update = new ProcessStartInfo("python3",
        [
            "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1], timeout=30); c.execute('UPDATE AspNetUsers SET PasswordHash=? WHERE NormalizedEmail=?', (sys.argv[2], sys.argv[3])); c.commit()",
            Path.Combine(dataFolder, "e2e.db"), Convert.ToBase64String(hash), CommonEmail.ToUpperInvariant(),
        ]);
        using var process = Process.Start(update) ?? throw new InvalidOperationException("python3 did not start.");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("The common password could not be written.");
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        await RelyingParty.DisposeAsync();
        if (app is { HasExited: false })
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }

        app?.Dispose();
        Smtp.Dispose();
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Waits for Kestrel to say it is listening (or the process to exit), then checks the sign-in page answers.</summary>
    private async Task WaitUntilReadyAsync()
    {
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The app did not start listening within 90 s:\n{Output()}");
        }

        if (app!.HasExited)
        {
            throw new InvalidOperationException($"The app exited with {app.ExitCode}:\n{Output()}");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var response = await http.GetAsync(BaseUrl + "/Account/Login");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The sign-in page answered {(int)response.StatusCode}:\n{Output()}");
        }
    }

    private string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    internal static int FreePort() => Loopback.FreePort();

    private static string AppFolder()
    {
        var candidates = new[] { "Debug", "Release" }
            .Select(c => Path.Combine(RepositoryRoot, "AdminConsole", "bin", c, "net10.0"))
            .Where(d => File.Exists(Path.Combine(d, "AdminConsole.dll")))
            .OrderByDescending(d => File.GetLastWriteTimeUtc(Path.Combine(d, "AdminConsole.dll")))
            .ToList();
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException("Build the solution first: AdminConsole.dll was not found.");
    }

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AdminConsole.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("AdminConsole.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppHost>
{
    public const string Name = "app";
}
