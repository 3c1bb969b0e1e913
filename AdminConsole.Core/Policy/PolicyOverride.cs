using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace AdminConsole.Core.Policy;

/// <summary>
/// Lays a stored section over the configured one (configuration values are the defaults) and tells the options
/// monitor when the stored section changes. A stored section that no longer validates is ignored, with an error
/// in the log, so the configured policy (validated at start) stays in force.
/// </summary>
internal sealed partial class PolicyOverride<T>(
    string section,
    PolicyStore store,
    IEnumerable<IValidateOptions<T>> validators,
    ILogger<PolicyStore> log) : IPostConfigureOptions<T>, IOptionsChangeTokenSource<T>
    where T : class
{
    public string? Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => store.Watch(section);

    public void PostConfigure(string? name, T options)
    {
        if (store.Get(section) is not { } setting || JsonSerializer.Deserialize<T>(setting.Json) is not { } stored)
        {
            return;
        }

        var failures = validators.Select(v => v.Validate(name, stored)).Where(r => r.Failed).SelectMany(r => r.Failures ?? []).ToList();
        if (failures.Count > 0)
        {
            LogInvalid(section, string.Join(" ", failures));
            return;
        }

        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite))
        {
            property.SetValue(options, property.GetValue(stored));
        }
    }

    [LoggerMessage(EventId = 4101, EventName = "StoredPolicyInvalid", Level = LogLevel.Error,
        Message = "The stored {Section} policy is not valid and is ignored: {Errors}")]
    private partial void LogInvalid(string section, string errors);
}
