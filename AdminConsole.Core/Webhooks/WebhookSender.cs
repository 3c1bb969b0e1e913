using System.Net.Http.Headers;
using AdminConsole.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Webhooks;

/// <summary>
/// Sends the webhook outbox in the background, like <see cref="Mail.MailSender"/>: woken when a delivery is
/// committed and polling in any case; a delivery is claimed by moving its next try forward (two instances never
/// send it at once); a failure (no answer, or not 2xx) waits twice as long as before (5 s, 10 s, ... up to
/// <see cref="WebhookOptions.MaxBackoff"/>) with the error kept, and after <see cref="WebhookOptions.MaxAttempts"/>
/// tries the delivery is given up (it stays in the log and can be retried). Deliveries of disabled endpoints wait.
/// </summary>
public sealed partial class WebhookSender(
    IServiceScopeFactory scopes,
    IHttpClientFactory clients,
    WebhookSecrets secrets,
    WebhookSignal signal,
    Telemetry.SecurityMetrics metrics,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookSender> log) : BackgroundService
{
    public const string ClientName = "AdminConsole.Webhooks";

    private static readonly TimeSpan ClaimLength = TimeSpan.FromMinutes(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Mail.OutboxLoop.RunAsync(SendDueAsync, ObserveBacklogAsync, signal, () => options.CurrentValue.PollInterval, time, LogOutboxUnavailable, stoppingToken);

    /// <summary>Sends one batch of due deliveries; returns how many were tried.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var due = await (
                from d in db.WebhookDeliveries.AsNoTracking()
                join e in db.WebhookEndpoints.AsNoTracking() on d.EndpointId equals e.Id
                where d.DeliveredAt == null && d.GaveUpAt == null && d.NextAttemptAt <= now && e.Enabled
                orderby d.NextAttemptAt
                select new { Delivery = d, e.Url, e.ProtectedSecret })
            .Take(o.BatchSize)
            .ToListAsync(cancellationToken);
        var tried = 0;
        foreach (var item in due)
        {
            var d = item.Delivery;
            var before = d.NextAttemptAt;
            var until = now + ClaimLength;
            if (await db.WebhookDeliveries.Where(x => x.Id == d.Id && x.DeliveredAt == null && x.GaveUpAt == null && x.NextAttemptAt == before)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextAttemptAt, until), cancellationToken) != 1)
            {
                continue;
            }

            tried++;
            var (status, error) = await TryAsync(d, item.Url, item.ProtectedSecret, o, cancellationToken);
            var at = time.GetUtcNow();
            var attempts = d.Attempts + 1;
            if (error is null)
            {
                await db.WebhookDeliveries.Where(x => x.Id == d.Id).ExecuteUpdateAsync(
                    s => s.SetProperty(x => x.DeliveredAt, at).SetProperty(x => x.Attempts, attempts)
                        .SetProperty(x => x.LastStatus, status).SetProperty(x => x.LastError, (string?)null),
                    CancellationToken.None);
                metrics.WebhookDelivery("delivered");
                LogDelivered(d.Id, d.Type, attempts);
                continue;
            }

            error = error.Length > WebhookDelivery.ErrorMaxLength ? error[..WebhookDelivery.ErrorMaxLength] : error;
            var giveUp = attempts >= o.MaxAttempts;
            DateTimeOffset? gaveUp = giveUp ? at : null;
            var next = giveUp ? at : at + Mail.OutboxLoop.Backoff(attempts, o.MaxBackoff);
            await db.WebhookDeliveries.Where(x => x.Id == d.Id).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Attempts, attempts).SetProperty(x => x.NextAttemptAt, next).SetProperty(x => x.GaveUpAt, gaveUp)
                    .SetProperty(x => x.LastStatus, status).SetProperty(x => x.LastError, error),
                CancellationToken.None);
            metrics.WebhookDelivery(giveUp ? "gave_up" : "failed");
            LogFailed(d.Id, d.Type, attempts, giveUp ? "none (given up)" : next.ToString("u"), error);
        }

        return tried;
    }

    /// <summary>POSTs one delivery, signed; returns the status and, unless it was 2xx, what went wrong.</summary>
    private async Task<(int? Status, string? Error)> TryAsync(WebhookDelivery d, string url, string protectedSecret, WebhookOptions o, CancellationToken cancellationToken)
    {
        try
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(d.Payload, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("webhook-id", d.MessageId);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSecrets.Sign(secrets.Unprotect(protectedSecret), d.MessageId, timestamp, d.Payload));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("AdminConsole-Webhooks", "1.0"));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(o.Timeout);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : (status, $"HTTP {status} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"No answer within {o.Timeout.TotalSeconds:0} s.");
        }
        catch (Exception e) when (e is HttpRequestException or WebhookTargetRefusedException or System.Security.Cryptography.CryptographicException)
        {
            var inner = e.InnerException is WebhookTargetRefusedException refused ? refused : e;
            return (null, $"{inner.GetType().Name}: {inner.Message}");
        }
    }

    /// <summary>The backlog figures for the metrics, one count and minimum per pass.</summary>
    private async Task ObserveBacklogAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var waiting = db.WebhookDeliveries.Where(d => d.DeliveredAt == null && d.GaveUpAt == null);
        metrics.WebhookOutbox(new(await waiting.CountAsync(cancellationToken), await waiting.MinAsync(d => (DateTimeOffset?)d.CreatedAt, cancellationToken)));
    }

    [LoggerMessage(EventId = 3401, EventName = "WebhookDelivered", Level = LogLevel.Information,
        Message = "Webhook delivery {Id} ({Type}) delivered after {Attempts} attempt(s).")]
    private partial void LogDelivered(long id, string type, int attempts);

    [LoggerMessage(EventId = 3402, EventName = "WebhookFailed", Level = LogLevel.Warning,
        Message = "Webhook delivery {Id} ({Type}) failed (attempt {Attempts}); next try: {Next}: {Error}")]
    private partial void LogFailed(long id, string type, int attempts, string next, string error);

    [LoggerMessage(EventId = 3403, EventName = "WebhookOutboxUnavailable", Level = LogLevel.Warning,
        Message = "The webhook outbox could not be read; trying again later.")]
    private partial void LogOutboxUnavailable(Exception exception);
}
