namespace AdminConsole.Core.Mail;

/// <summary>
/// The background loop every outbox shares (mail, webhooks): send due messages until a batch comes back empty,
/// record the backlog, then sleep until the outbox's <see cref="OutboxSignal"/> wakes it or the poll interval
/// passes. A fault (database or target down) is reported and the loop waits a poll interval and tries again, so
/// nothing queued is lost and no request waits for it.
/// </summary>
public static class OutboxLoop
{
    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled.</summary>
    /// <param name="sendDue">Sends one batch of due messages and returns how many were tried.</param>
    /// <param name="observeBacklog">Records the backlog figures for the metrics, once per pass.</param>
    /// <param name="pollInterval">Read on every pass, so a changed option applies at once.</param>
    /// <param name="fault">Logs a pass that failed.</param>
    public static async Task RunAsync(
        Func<CancellationToken, Task<int>> sendDue,
        Func<CancellationToken, Task> observeBacklog,
        OutboxSignal signal,
        Func<TimeSpan> pollInterval,
        TimeProvider time,
        Action<Exception> fault,
        CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await sendDue(stoppingToken) > 0)
                {
                }

                await observeBacklog(stoppingToken);

                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var woken = signal.WaitAsync(wake.Token);
                await Task.WhenAny(woken, Task.Delay(pollInterval(), time, wake.Token));
                await wake.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                fault(e);
                await Task.Delay(pollInterval(), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>The wait after a failed try: 5 s after the first failure, doubling, capped at <paramref name="max"/>.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan max)
    {
        var seconds = 5 * Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, max.TotalSeconds));
    }
}
