using System.Diagnostics;
using System.Net.Sockets;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// Debian's redis-server (installed by test.sh) on a free loopback port, without persistence. Tests stop and start it
/// on the same port to play a Redis outage and its end.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private Process? process;

    public int Port { get; } = Loopback.FreePort();

    /// <summary>The StackExchange.Redis connection string for <c>ConnectionStrings:Redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run ./test.sh, which installs redis-server.");
        }

        process = Process.Start(new ProcessStartInfo(Executable,
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        await Loopback.WaitUntilListeningAsync(process, Port, "redis-server");
    }

    /// <summary>Kills the server (an outage, not a clean shutdown) and waits until it is gone.</summary>
    public void Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit();
        }

        process?.Dispose();
        process = null;
    }

    public void Dispose() => Stop();

}
