namespace AdminConsole.E2E;

/// <summary>
/// Every browser test fails when a page it opened logged a console error, threw, broke the Content-Security-Policy
/// or failed to load a sub-resource.
/// </summary>
public abstract class BrowserTest(AppHost host) : IAsyncLifetime
{
    protected AppHost Host => host;

    public ValueTask InitializeAsync()
    {
        host.TakeProblems();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        // Late console messages (a circuit closing) arrive asynchronously; let them land before judging.
        await Task.Yield();
        GC.SuppressFinalize(this);
        var problems = host.TakeProblems();
        Assert.True(problems.Count == 0, "The browser reported problems:\n" + string.Join("\n", problems));
    }
}
