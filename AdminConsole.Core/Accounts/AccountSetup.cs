using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Accounts;

/// <summary>The console's account reads and actions, the owner's security log and self-service unlock by mail.</summary>
public static class AccountSetup
{
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddScoped<AccountQueries>();
        builder.Services.TryAddScoped<AccountActivity>();
        builder.Services.TryAddScoped<AccountAdminService>();
        builder.Services.TryAddScoped<SelfServiceUnlock>();
        return builder;
    }
}
