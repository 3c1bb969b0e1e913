using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// The built app as its own process on a free loopback port, as a deployment runs it: its own environment, its own
/// home folder, nothing shared with the test process but the database file it is given.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var port = Loopback.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var folder = AppFolder();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "AdminConsole.dll"), "--urls", baseAddress.ToString().TrimEnd('/')])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var app = new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("The app did not start."), baseAddress);
        app.process.OutputDataReceived += (_, e) => app.Output(e.Data, e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true);
        app.process.ErrorDataReceived += (_, e) => app.Output(e.Data, false);
        app.process.EnableRaisingEvents = true;
        app.process.Exited += (_, _) => app.listening.TrySetResult();
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();
        try
        {
            await app.listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            // Not listening within the minute: stop it, so a slow start does not leave a server behind the test run.
            app.process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The app did not listen within 60 s:\n{app.Log}");
        }

        if (app.process.HasExited)
        {
            throw new InvalidOperationException($"The app exited with {app.process.ExitCode}:\n{app.Log}");
        }

        return app;
    }

    /// <summary>
    /// Runs the built app with a command (<c>cleanup ...</c>, <c>unlock ...</c>) in the environment given, waits for it
    /// to exit (90 seconds at most) and returns its exit code and what it wrote.
    /// </summary>
    public static async Task<(int Code, string Output, string Error)> RunCommandAsync(
        IReadOnlyDictionary<string, string> environment, string[] args, CancellationToken cancellationToken)
    {
        var folder = AppFolder();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "AdminConsole.dll"), .. args])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    public string Log
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    private void Output(string? line, bool ready)
    {
        lock (output)
        {
            output.AppendLine(line);
        }

        if (ready)
        {
            listening.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    /// <summary>The folder of the built app (Debug or Release, whichever was built last).</summary>
    public static string AppFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AdminConsole.sln")))
        {
            folder = folder.Parent;
        }

        var root = folder?.FullName ?? throw new InvalidOperationException("AdminConsole.sln not found above " + AppContext.BaseDirectory);
        return new[] { "Debug", "Release" }
            .Select(c => Path.Combine(root, "AdminConsole", "bin", c, "net10.0"))
            .Where(d => File.Exists(Path.Combine(d, "AdminConsole.dll")))
            .OrderByDescending(d => File.GetLastWriteTimeUtc(Path.Combine(d, "AdminConsole.dll")))
            .FirstOrDefault() ?? throw new InvalidOperationException("Build the solution first: AdminConsole.dll was not found.");
    }
}
