using System.Globalization;
using AdminConsole.Core.Attempts;

namespace AdminConsole;

/// <summary>
/// Retention on demand: <c>dotnet run --project AdminConsole -- cleanup --older-than DAYS</c> runs the retention
/// job once (<see cref="AttemptRetention.RunAsync(int, CancellationToken)"/>), keeping attempts for DAYS instead of
/// <c>Retention:AttemptDays</c> and everything else as configured, and prints what it removed. Like the break-glass
/// commands it works on the configured database beside a running app and never starts the web server. Exit codes:
/// 0 done, 2 usage (DAYS missing, not a number, or under the minimum).
/// </summary>
public static class CleanupCommand
{
    public const int Done = AppCommand.Done;
    public const int Usage = AppCommand.Usage;

    private static string UsageText => AppCommand.UsageOf("cleanup");

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!int.TryParse(AppCommand.Option(args, "--older-than"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days))
        {
            await error.WriteLineAsync($"cleanup: give the age in days with --older-than DAYS.{Environment.NewLine}{UsageText}");
            return Usage;
        }

        if (days < RetentionOptions.MinAttemptDays)
        {
            await error.WriteLineAsync(
                $"cleanup: --older-than must be at least {RetentionOptions.MinAttemptDays} days, the minimum of Retention:AttemptDays "
                + "(the dashboard shows the last 30 days). Nothing was deleted.");
            return Usage;
        }

        var run = await services.GetRequiredService<AttemptRetention>().RunAsync(days, cancellationToken);
        await output.WriteLineAsync($"""
            Retention run, attempts older than {days} days, removed:
              attempts:           {run.Attempts}
              attempt counts:     {run.Counts}
              lockout rows:       {run.Lockouts}
              address counters:   {run.AddressCounters}
              address rules:      {run.Rules}
              notifications:      {run.Notifications}
              ended sessions:     {run.Sessions}
              forgotten devices:  {run.Devices}
              security events:    {run.Events}
              outbox mails:       {run.Mails}
              undelivered mails:  {run.UndeliveredMails} (of the outbox mails)
            pseudonymised:
              attempt addresses:  {run.Pseudonymised}
            """);
        return Done;
    }
}
