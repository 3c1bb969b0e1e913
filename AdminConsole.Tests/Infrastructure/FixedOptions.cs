using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>An options monitor that always answers the same value, for pure tests.</summary>
public sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
