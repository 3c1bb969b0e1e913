using Microsoft.AspNetCore.Components;

namespace AdminConsole.Components.Admin.Shared;

/// <summary>
/// The base of the console's components (set for the whole folder in <c>_Imports.razor</c>): <see cref="Aborted"/>
/// is cancelled when the component is disposed (the page is left or the circuit ends), so a query or action still
/// running for it stops instead of finishing for nobody. Admin actions stay atomic: a cancelled one commits nothing.
/// </summary>
public abstract class ConsoleComponentBase : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource disposal = new();

    protected ConsoleComponentBase() => Aborted = disposal.Token;

    /// <summary>Cancelled when the component is disposed; pass it to every query and action the component runs.</summary>
    protected CancellationToken Aborted { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Cancels <see cref="Aborted"/>; a component that holds more overrides this and calls the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !disposal.IsCancellationRequested)
        {
            disposal.Cancel();
            disposal.Dispose();
        }
    }
}
