using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Microsoft.Playwright;

namespace AdminConsole.Bench;

/// <summary>
/// P5: what an open console page costs the server, for every console page. On a database filled by seed-demo (so
/// the lists, charts and grids are full), for each page the app is started afresh, Chromium (Debian's, never
/// downloaded) signs in as the development admin, opens the page once to warm the app, then 50 more times, each its
/// own tab and circuit. Memory is read twice: the live managed heap after a full GC induced through the runtime's
/// diagnostics port (what the open pages keep), and the resident set (what the process holds, garbage and GC
/// headroom included).
/// </summary>
public static class CircuitFigures
{
    private const int Circuits = 50;

    /// <summary>A console page: its name on the command line (<c>--pages</c>), its address, and what shows it is loaded.</summary>
    private sealed record ConsolePage(string Name, string Title, Func<Samples, string> Path, string Ready);

    /// <summary>An account and an address from the demo data, for the detail pages.</summary>
    private sealed record Samples(string Account, string Address);

    private static readonly ConsolePage[] Pages =
    [
        new("dashboard", "dashboard", _ => "/admin", "[data-testid=locked-now]"),
        new("accounts", "accounts", _ => "/admin/accounts", "[data-testid=account-state-chip]"),
        new("account", "account detail", s => "/admin/accounts/" + Uri.EscapeDataString(s.Account), "[data-testid=account-email]"),
        new("users", "users", _ => "/admin/users", "[data-testid=role-chip]"),
        new("attempts", "attempts", _ => "/admin/attempts", ".mud-table-body tr"),
        new("addresses", "addresses", _ => "/admin/addresses", "[data-testid=rules-table]"),
        new("address", "address detail", s => "/admin/addresses/" + s.Address, "[data-testid=address-title]"),
        new("audit", "audit log", _ => "/admin/audit", ".mud-table-body tr"),
        new("notifications", "notifications", _ => "/admin/notifications", ".mud-table-body tr"),
        new("reports", "reports", _ => "/admin/reports", "[data-testid=report-total]"),
        new("policy", "policy", _ => "/admin/policy", ".mud-main-content h4"),
        new("webhooks", "webhooks", _ => "/admin/webhooks", "[data-testid=add-webhook]"),
        new("applications", "applications", _ => "/admin/applications", "[data-testid=register-application]"),
    ];

    /// <summary>The names <c>--pages</c> accepts.</summary>
    public static IEnumerable<string> PageNames => Pages.Select(p => p.Name);

    /// <param name="only">Page names to measure (<c>--pages accounts,attempts</c>); null for every console page.</param>
    /// <param name="gcdumps">A folder for a heap dump of each page with 51 open (dotnet-gcdump), to see what they keep; null for none.</param>
    public static async Task RunAsync(string root, Table table, IReadOnlyCollection<string>? only, string? gcdumps = null)
    {
        var folder = Directory.CreateTempSubdirectory("adminconsole-bench-circuits-").FullName;
        try
        {
            // seeded once; each page then gets a freshly started app on the same database
            await using (await AppProcess.StartAsync(root, demoAttempts: 20_000, folder: folder))
            {
            }

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            foreach (var page in Pages.Where(p => only is null || only.Contains(p.Name)))
            {
                Console.WriteLine($"P5: {page.Title}...");
                await using var app = await AppProcess.StartAsync(root, folder: folder);
                try
                {
                    await MeasurePageAsync(app, browser, page, table, gcdumps);
                }
                catch (Exception e) when (e is TimeoutException or PlaywrightException)
                {
                    // one page that does not load costs its own row, not the others'
                    table.Add("P5", $"memory per open {page.Title} page", "not measured", e.Message.Split('\n')[0], "under 1 MB each (live heap)", false);
                }

                table.PrintLast(Console.Out);
            }
        }
        finally
        {
            await BenchDatabase.DropAsync(BenchDatabase.NameFor(folder), folder);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task MeasurePageAsync(AppProcess app, IBrowser browser, ConsolePage consolePage, Table table, string? gcdumps)
    {
        var none = await MeasureAsync(app);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
        var first = await context.NewPageAsync();
        await first.GotoAsync("/Account/Login");
        await first.GetByLabel("Email").FillAsync("admin@adminconsole.local");
        await first.GetByLabel("Password", new() { Exact = true }).FillAsync("console-admin-dev-2026");
        await first.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await first.GetByLabel("Authenticator code").FillAsync(AdminConsole.Tests.Infrastructure.Totp.Code(HttpFigures.AdminAuthenticatorKey, DateTimeOffset.UtcNow));
        await first.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await first.GetByTestId("console-user").WaitForAsync();
        var samples = new Samples(
            await FirstLinkAsync(first, "admin/accounts/"),
            await FirstLinkAsync(first, "admin/addresses/"));
        var path = consolePage.Path(samples);
        await OpenAsync(first, path, consolePage.Ready);
        var one = await MeasureAsync(app);

        for (var i = 0; i < Circuits; i++)
        {
            await OpenAsync(await context.NewPageAsync(), path, consolePage.Ready);
        }

        var all = await MeasureAsync(app);
        if (gcdumps is not null)
        {
            await DumpHeapAsync(app.ProcessId, Path.Combine(gcdumps, consolePage.Name + ".gcdump"));
        }

        var heapPerPage = (all.HeapMegabytes - one.HeapMegabytes) * 1024 / Circuits;
        var residentPerPage = (all.ResidentMegabytes - one.ResidentMegabytes) * 1024 / Circuits;
        table.Add("P5", $"memory per open {consolePage.Title} page, {Circuits} pages",
            $"{heapPerPage:N0} KB each (live heap after a full GC); resident {residentPerPage:N0} KB each",
            $"live heap {none.HeapMegabytes:F1} MB with no page, {one.HeapMegabytes:F1} MB with one (warm), {all.HeapMegabytes:F1} MB with {Circuits + 1}; "
            + $"resident {none.ResidentMegabytes:F0} / {one.ResidentMegabytes:F0} / {all.ResidentMegabytes:F0} MB",
            "under 1 MB each (live heap)", heapPerPage < 1024);
    }

    /// <summary>A heap dump by dotnet-gcdump (a global tool: <c>dotnet tool install -g dotnet-gcdump</c>); read it with <c>dotnet-gcdump report</c>.</summary>
    private static async Task DumpHeapAsync(int processId, string file)
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using var dump = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(File.Exists(tool) ? tool : "dotnet-gcdump",
            ["collect", "-p", processId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", file]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("dotnet-gcdump did not start.");
        await dump.StandardOutput.ReadToEndAsync();
        await dump.WaitForExitAsync();
    }

    /// <summary>The first link of the dashboard's ranked lists under <paramref name="prefix"/>, without the prefix.</summary>
    private static async Task<string> FirstLinkAsync(IPage page, string prefix)
    {
        var href = await page.Locator($"a[href^='{prefix}']").First.GetAttributeAsync("href")
            ?? throw new InvalidOperationException($"The dashboard shows no link under {prefix}.");
        return Uri.UnescapeDataString(href[prefix.Length..]);
    }

    /// <summary>The page, live: its circuit's WebSocket has answered and what it shows is on screen.</summary>
    private static async Task OpenAsync(IPage page, string path, string ready)
    {
        var answered = new TaskCompletionSource();
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, _) => answered.TrySetResult();
        await page.GotoAsync(path);
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await page.Locator(ready).First.WaitForAsync(new() { Timeout = 30_000 });
    }

    private static async Task<(double HeapMegabytes, double ResidentMegabytes)> MeasureAsync(AppProcess app)
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        var heap = await LiveHeapMegabytesAsync(app.ProcessId);
        await Task.Delay(TimeSpan.FromSeconds(1));
        return (heap, app.WorkingSetMegabytes());
    }

    /// <summary>
    /// Starts an EventPipe session with the GC heap collection keyword, which makes the runtime run a full blocking
    /// GC, and reads the size of what survived it from that GC's heap statistics.
    /// </summary>
    private static async Task<double> LiveHeapMegabytesAsync(int processId)
    {
        const long gcKeyword = 0x1;
        const long gcHeapCollectKeyword = 0x800000;
        var client = new DiagnosticsClient(processId);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, gcKeyword | gcHeapCollectKeyword)],
            requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        var fullGc = false;
        var heap = new TaskCompletionSource<double>();
        source.Clr.GCStart += e => fullGc = e.Depth == 2;
        source.Clr.GCHeapStats += (GCHeapStatsTraceData e) =>
        {
            if (fullGc)
            {
                heap.TrySetResult(e.TotalHeapSize / 1048576.0);
            }
        };
        var processing = Task.Run(source.Process);
        try
        {
            return await heap.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            await processing;
        }
    }
}
