namespace AdminConsole.Core.Mail;

/// <summary>Wakes the mail sender when a mail was committed, so it goes out now rather than at the next poll.</summary>
public sealed class MailSignal
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
