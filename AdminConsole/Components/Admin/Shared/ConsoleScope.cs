namespace AdminConsole.Components.Admin.Shared;

/// <summary>
/// Runs one console operation in its own DI scope, so each gets a fresh database context: a circuit lives for
/// hours and may run a grid load and a refresh at once, which one shared context would not survive.
/// </summary>
public sealed class ConsoleScope(IServiceScopeFactory scopes)
{
    public async Task<TResult> RunAsync<TService, TResult>(Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
