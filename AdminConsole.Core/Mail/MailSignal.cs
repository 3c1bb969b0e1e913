namespace AdminConsole.Core.Mail;

/// <summary>Wakes an outbox's sender when a message was committed, so it goes out now rather than at the next poll.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A singleton for the app's life; its SemaphoreSlim holds no handle (AvailableWaitHandle is never read), and disposing it would make a late Notify after a commit throw during shutdown.")]
public class OutboxSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => signal.WaitAsync(cancellationToken);
}

/// <summary>Wakes the mail sender.</summary>
public sealed class MailSignal : OutboxSignal;
