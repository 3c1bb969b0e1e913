using AdminConsole.Protection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AdminConsole;

/// <summary>
/// <c>healthcheck</c>: runs the checks <c>/health/ready</c> runs (<see cref="HealthEndpoints.Ready"/>: the database,
/// the mail outbox, Redis when configured) in this process, on the same configuration, and exits 0 when that
/// endpoint would answer 200 (Healthy or Degraded) and 1 when it would answer 503. For container health checks in
/// images without curl or wget: <c>dotnet AdminConsole.dll healthcheck</c>. It starts no server and migrates nothing.
/// </summary>
public static class HealthCheckCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var report = await services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(c => c.Tags.Contains(HealthEndpoints.Ready), cancellationToken);
        await output.WriteLineAsync($"{report.Status}");
        foreach (var (name, entry) in report.Entries)
        {
            await output.WriteLineAsync($"  {name}: {entry.Status}{(entry.Description is { Length: > 0 } d ? $" ({d})" : "")}");
        }

        return report.Status == HealthStatus.Unhealthy ? AppCommand.Failed : AppCommand.Done;
    }
}
