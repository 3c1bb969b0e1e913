using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on a loopback port: Debian's aiosmtpd (python3-aiosmtpd, installed by test.sh) storing
/// what it receives in a maildir. Tests stop and start it to play a mail server outage. The e2e project compiles
/// this file too, so the browser tests read mail from the same kind of server.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string maildir = Path.Combine(Path.GetTempPath(), $"adminconsole-maildir-{Guid.NewGuid():N}");
    private Process? process;

    public int Port { get; } = Loopback.FreePort();


    public async Task StartAsync()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: run ./test.sh, which installs python3-aiosmtpd.");
        }

        process = Process.Start(new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        await Loopback.WaitUntilListeningAsync(process, Port, "aiosmtpd (python3-aiosmtpd)");
    }

    public void Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>Every message received so far.</summary>
    public List<MimeMessage> Messages()
    {
        var folder = Path.Combine(maildir, "new");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder).OrderBy(File.GetCreationTimeUtc).Select(f => MimeMessage.Load(f)).ToList()
            : [];
    }

    /// <summary>Waits (up to 15 s) until <paramref name="count"/> messages to <paramref name="to"/> arrived.</summary>
    public async Task<List<MimeMessage>> WaitForAsync(string to, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var mine = Messages().Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase))).ToList();
            if (mine.Count >= count || DateTime.UtcNow > deadline)
            {
                return mine;
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Stop();
        if (Directory.Exists(maildir))
        {
            Directory.Delete(maildir, recursive: true);
        }
    }
}
