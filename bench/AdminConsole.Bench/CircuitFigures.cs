using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Microsoft.Playwright;

namespace AdminConsole.Bench;

/// <summary>
/// P5: what an open console costs the server. On a database filled by seed-demo (so the dashboard's lists and
/// charts are full), Chromium (Debian's, never downloaded) signs in as the development admin, opens one dashboard
/// to warm the app, then 50 more, each its own circuit. Memory is read twice: the live
/// managed heap after a full GC induced through the runtime's diagnostics port (what the circuits keep), and the
/// resident set (what the process holds, garbage and GC headroom included).
/// </summary>
public static class CircuitFigures
{
    private const int Circuits = 50;

    public static async Task RunAsync(AppProcess app, Table table)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
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
        await OpenDashboardAsync(first);
        var one = await MeasureAsync(app);

        for (var i = 0; i < Circuits; i++)
        {
            await OpenDashboardAsync(await context.NewPageAsync());
        }

        var all = await MeasureAsync(app);
        var heapPerCircuit = (all.HeapMegabytes - one.HeapMegabytes) * 1024 / Circuits;
        var residentPerCircuit = (all.ResidentMegabytes - one.ResidentMegabytes) * 1024 / Circuits;
        table.Add("P5", $"memory per open console circuit (dashboard, live), {Circuits} circuits",
            $"{heapPerCircuit:F0} KB each (live heap after a full GC)",
            $"live heap {none.HeapMegabytes:F1} MB with no circuit, {one.HeapMegabytes:F1} MB with one (warm), {all.HeapMegabytes:F1} MB with {Circuits + 1}",
            "under 1 MB each", heapPerCircuit < 1024);
        table.Add("P5", $"resident memory per open console circuit, {Circuits} circuits",
            $"{residentPerCircuit:F0} KB each (resident set)",
            $"resident {none.ResidentMegabytes:F0} MB with no circuit, {one.ResidentMegabytes:F0} MB with one, {all.ResidentMegabytes:F0} MB with {Circuits + 1}",
            "reported", null);
    }

    /// <summary>The dashboard, interactive: its circuit's WebSocket has answered and the figures are on screen.</summary>
    private static async Task OpenDashboardAsync(IPage page)
    {
        var answered = new TaskCompletionSource();
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, _) => answered.TrySetResult();
        await page.GotoAsync("/admin");
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await page.GetByTestId("locked-now").WaitForAsync();
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
