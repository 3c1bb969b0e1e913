using System.Net.Http.Headers;
using System.Security.Cryptography;
using AdminConsole.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace AdminConsole.Core.OpenId;

/// <summary>
/// Sends the back-channel logout outbox (OpenID Connect Back-Channel Logout 1.0, section 2.5) like
/// <see cref="Webhooks.WebhookSender"/>: woken when sessions end and polling in any case; a delivery is claimed by
/// moving its next try forward; a failure waits twice as long as before (up to an hour) with the error kept, and
/// after <see cref="MaxAttempts"/> tries it is given up and stays in the log. Each try POSTs a logout token signed
/// with the provider's current signing key. Targets must be public addresses unless <c>OpenId:AllowPrivateTargets</c>
/// (checked on every connection, <see cref="Webhooks.WebhookTargets"/>).
/// </summary>
public sealed partial class BackChannelLogoutSender(
    IServiceScopeFactory scopes,
    IHttpClientFactory clients,
    BackChannelLogoutSignal signal,
    IOptionsMonitor<OpenIddictServerOptions> server,
    TimeProvider time,
    ILogger<BackChannelLogoutSender> log) : BackgroundService
{
    public const string ClientName = "AdminConsole.BackChannelLogout";

    public const int MaxAttempts = 10;

    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ClaimLength = TimeSpan.FromMinutes(2);
    private static readonly JsonWebTokenHandler Tokens = new() { SetDefaultTimesOnTokenCreation = false };

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Mail.OutboxLoop.RunAsync(SendDueAsync, _ => Task.CompletedTask, signal, () => PollInterval, time, LogOutboxUnavailable, stoppingToken);

    /// <summary>Sends one batch of due logouts; returns how many were tried.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var now = time.GetUtcNow();
        var due = await db.BackChannelLogouts.AsNoTracking()
            .Where(d => d.DeliveredAt == null && d.GaveUpAt == null && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Take(20)
            .ToListAsync(cancellationToken);
        var tried = 0;
        foreach (var d in due)
        {
            var before = d.NextAttemptAt;
            var until = now + ClaimLength;
            if (await db.BackChannelLogouts.Where(x => x.Id == d.Id && x.DeliveredAt == null && x.GaveUpAt == null && x.NextAttemptAt == before)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextAttemptAt, until), cancellationToken) != 1)
            {
                continue;
            }

            tried++;
            var (status, error) = await TryAsync(d, cancellationToken);
            var at = time.GetUtcNow();
            var attempts = d.Attempts + 1;
            if (error is null)
            {
                await db.BackChannelLogouts.Where(x => x.Id == d.Id).ExecuteUpdateAsync(
                    s => s.SetProperty(x => x.DeliveredAt, at).SetProperty(x => x.Attempts, attempts)
                        .SetProperty(x => x.LastStatus, status).SetProperty(x => x.LastError, (string?)null),
                    CancellationToken.None);
                LogDelivered(d.Id, d.ClientId, attempts);
                continue;
            }

            error = error.Length > BackChannelLogout.ErrorMaxLength ? error[..BackChannelLogout.ErrorMaxLength] : error;
            var giveUp = attempts >= MaxAttempts;
            DateTimeOffset? gaveUp = giveUp ? at : null;
            var next = giveUp ? at : at + Mail.OutboxLoop.Backoff(attempts, MaxBackoff);
            await db.BackChannelLogouts.Where(x => x.Id == d.Id).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Attempts, attempts).SetProperty(x => x.NextAttemptAt, next).SetProperty(x => x.GaveUpAt, gaveUp)
                    .SetProperty(x => x.LastStatus, status).SetProperty(x => x.LastError, error),
                CancellationToken.None);
            LogFailed(d.Id, d.ClientId, attempts, giveUp ? "none (given up)" : next.ToString("u"), error);
        }

        return tried;
    }

    /// <summary>The logout token (section 2.4): issuer, the application as audience, the account, the session, the event.</summary>
    public string LogoutToken(BackChannelLogout d)
    {
        var now = time.GetUtcNow();
        var options = server.CurrentValue;
        return Tokens.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer?.AbsoluteUri,
            Audience = d.ClientId,
            IssuedAt = now.UtcDateTime,
            Expires = (now + TimeSpan.FromMinutes(2)).UtcDateTime,
            TokenType = "logout+jwt",
            Claims = new Dictionary<string, object>
            {
                ["sub"] = d.UserId,
                [BackChannelLogouts.SessionIdClaim] = BackChannelLogouts.SessionIdentifier(d.SessionId),
                ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                ["events"] = new Dictionary<string, object> { [LogoutEvent] = new Dictionary<string, object>() },
            },
            SigningCredentials = options.SigningCredentials[0],
        });
    }

    private async Task<(int? Status, string? Error)> TryAsync(BackChannelLogout d, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, d.Url)
            {
                Content = new FormUrlEncodedContent([KeyValuePair.Create("logout_token", LogoutToken(d))]),
            };
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("AdminConsole-BackChannelLogout", "1.0"));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : (status, $"HTTP {status} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"No answer within {Timeout.TotalSeconds:0} s.");
        }
        catch (Exception e) when (e is HttpRequestException or Webhooks.WebhookTargetRefusedException or InvalidOperationException)
        {
            var inner = e.InnerException is Webhooks.WebhookTargetRefusedException refused ? refused : e;
            return (null, $"{inner.GetType().Name}: {inner.Message}");
        }
    }

    [LoggerMessage(EventId = 2406, EventName = "BackChannelLogoutDelivered", Level = LogLevel.Information,
        Message = "Back-channel logout {Id} to {ClientId} delivered after {Attempts} attempt(s).")]
    private partial void LogDelivered(long id, string clientId, int attempts);

    [LoggerMessage(EventId = 2407, EventName = "BackChannelLogoutFailed", Level = LogLevel.Warning,
        Message = "Back-channel logout {Id} to {ClientId} failed (attempt {Attempts}); next try: {Next}: {Error}")]
    private partial void LogFailed(long id, string clientId, int attempts, string next, string error);

    [LoggerMessage(EventId = 2408, EventName = "BackChannelLogoutOutboxUnavailable", Level = LogLevel.Warning,
        Message = "The back-channel logout outbox could not be read; trying again later.")]
    private partial void LogOutboxUnavailable(Exception exception);
}
