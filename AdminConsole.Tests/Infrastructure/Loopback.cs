using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// Loopback ports for the servers the tests start (redis-server, aiosmtpd, the app itself). The e2e project compiles
/// this file too.
/// </summary>
public static class Loopback
{
    /// <summary>A port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits until <paramref name="process"/> accepts connections on <paramref name="port"/>; throws with its error
    /// output when it exits first or 15 seconds pass.
    /// </summary>
    public static async Task WaitUntilListeningAsync(Process process, int port, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(20);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"{what} did not start on port {port}: {await process.StandardError.ReadToEndAsync()}");
            }
        }
    }
}
