using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.OpenId;

/// <summary>Every <see cref="OpenIdOptions.KeyCheckInterval"/>, on every instance: make the next key when due, pick up keys others made.</summary>
public sealed class OpenIdKeyRotation(OpenIdKeyRing ring, IOptionsMonitor<OpenIdOptions> options, ILogger<OpenIdKeyRotation> logger, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A delay per turn rather than a periodic timer: a clock that jumps ahead gets one turn, not one per interval.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ring.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The keys already loaded keep working; the next turn's key was published well ahead of its use.
                OpenIdLog.KeyRefreshFailed(logger, ex);
            }

            await Task.Delay(options.CurrentValue.KeyCheckInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
