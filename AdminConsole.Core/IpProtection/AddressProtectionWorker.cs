using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.IpProtection;

/// <summary>
/// Keeps the rule cache and the stored policy fresh (changes written by another instance) and writes rejection summaries; on stop it
/// writes every count it still holds.
/// </summary>
public sealed class AddressProtectionWorker(
    AddressRuleCache cache,
    RejectionSummary rejections,
    Policy.PolicyStore policies,
    IOptions<AddressRuleOptions> options,
    TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // A delay per turn rather than a periodic timer: a clock that jumps ahead (a resumed machine) gets one
            // turn, not one for every interval it skipped.
            while (true)
            {
                await Task.Delay(options.Value.RefreshInterval, time, stoppingToken);
                await cache.RefreshAsync(stoppingToken);
                await policies.RefreshAsync(stoppingToken);
                await rejections.FlushAsync(includeCurrentMinute: false, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await rejections.FlushAsync(includeCurrentMinute: true, cancellationToken);
    }
}
