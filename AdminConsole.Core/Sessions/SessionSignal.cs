namespace AdminConsole.Core.Sessions;

/// <summary>
/// Raised after sessions are ended in this process, so caches of open sessions drop them at once (the ticket
/// cache, open circuits). Other instances notice at their next database read.
/// </summary>
public sealed class SessionSignal
{
    public event Action? Ended;

    public void RaiseEnded() => Ended?.Invoke();
}
