using System.Threading.Channels;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// A relying party's back-channel logout endpoint on a loopback port: every POST's <c>logout_token</c> is kept for
/// the test to read, and answered 200 as the specification asks.
/// </summary>
public sealed class BackChannelReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Channel<string> tokens = Channel.CreateUnbounded<string>();

    public BackChannelReceiver()
    {
        Url = $"http://127.0.0.1:{Loopback.FreePort()}/backchannel-logout/";
        listener.Prefixes.Add(Url);
        listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    public string Url { get; }

    /// <summary>The next logout token received (or waiting for it, at most <paramref name="within"/>).</summary>
    public async Task<string> NextAsync(TimeSpan within)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within);
        return await tokens.Reader.ReadAsync(timeout.Token);
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
                var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(await reader.ReadToEndAsync());
                if (form.TryGetValue("logout_token", out var token))
                {
                    tokens.Writer.TryWrite(token.ToString());
                }
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
