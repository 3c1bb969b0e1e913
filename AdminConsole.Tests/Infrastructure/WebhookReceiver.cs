using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// A real HTTP receiver on a free loopback port, for webhooks: records each request's headers and body and answers
/// with the status set for its path (200 unless told otherwise).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Path, string Id, string Timestamp, string Signature, string Body);

    private readonly WebApplication app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status each path answers with; missing: 200.</summary>
    public ConcurrentDictionary<string, int> Status { get; } = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.RemoveAll<Microsoft.Extensions.Logging.ILoggerProvider>();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = http.Request.Path.Value!;
            receiver.Requests.Enqueue(new Received(path, http.Request.Headers["webhook-id"].ToString(),
                http.Request.Headers["webhook-timestamp"].ToString(), http.Request.Headers["webhook-signature"].ToString(), body));
            return Results.StatusCode(receiver.Status.GetValueOrDefault(path, 200));
        });
        await app.StartAsync();
        return receiver;
    }

    public string Url(string path) =>
        new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), path).ToString();

    public List<Received> At(string path) => Requests.Where(r => r.Path == path).ToList();

    /// <summary>Waits (with a deadline) until <paramref name="path"/> has received <paramref name="count"/> requests.</summary>
    public async Task<List<Received>> WaitForAsync(string path, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (At(path).Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var got = At(path);
        Assert.True(got.Count >= count, $"{path} received {got.Count} request(s), expected {count}.");
        return got;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
