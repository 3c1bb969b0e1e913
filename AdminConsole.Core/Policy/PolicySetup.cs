using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Policy;

/// <summary>Policy editing from the console; each editable section registers itself with <see cref="ServiceCollectionExtensions.AddEditablePolicy{T}"/>.</summary>
public static class PolicySetup
{
    public static IHostApplicationBuilder AddPolicyEditing(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<PolicyStore>();
        builder.Services.TryAddScoped<PolicyService>();
        builder.Services.TryAddScoped<PolicyRehearsal>();
        return builder;
    }
}
