using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AdminConsole.Bench;

/// <summary>
/// P8's reference: a bare <c>dotnet new blazor</c> app (the SDK's own template, offline), made in a temporary folder
/// at bench time and built in Release like the app, started the same way (<c>dotnet App.dll</c>, Development), timed
/// from launch to its first page and read for idle memory the same way.
/// </summary>
public sealed class BareBlazorApp : IDisposable
{
    private readonly string folder;

    private BareBlazorApp(string folder) => this.folder = folder;

    private string Output => Path.Combine(folder, "bin", "Release", "net10.0");

    public static async Task<BareBlazorApp> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("adminconsole-bench-bare-").FullName;
        var app = new BareBlazorApp(folder);
        await RunAsync("dotnet", ["new", "blazor", "--name", "BareBlazor", "--output", folder, "--force"], folder);
        await RunAsync("dotnet", ["build", "-c", "Release", "-nologo", "-v", "q", "-clp:ErrorsOnly"], folder);
        return app;
    }

    /// <summary>Launch to the first page answered, and the working set 5 s later.</summary>
    public async Task<(double StartMs, double IdleMegabytes)> MeasureOnceAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(Output, "BareBlazor.dll"), "--urls", url])
        {
            WorkingDirectory = Output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development"; // as the app is started by the bench
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The bare app did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
            while (true)
            {
                try
                {
                    using var page = await http.GetAsync("/");
                    page.EnsureSuccessStatusCode();
                    break;
                }
                catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
                {
                    await Task.Delay(20); // not listening yet
                }
            }

            var startMs = clock.Elapsed.TotalMilliseconds;
            await Task.Delay(TimeSpan.FromSeconds(5));
            process.Refresh();
            return (startMs, process.WorkingSet64 / 1048576.0);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static async Task RunAsync(string file, string[] args, string folder)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed:\n{await output}\n{await errors}");
        }
    }
}
