using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Audit;

/// <summary>The console's reads and admin actions (accounts, users, audit log, dashboard, demo data) and their authorization.</summary>
public static class AdministrationSetup
{
    public static IHostApplicationBuilder AddAdministration(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddScoped<ConsoleAuthorization>();
        services.TryAddScoped<Accounts.AccountQueries>();
        services.TryAddScoped<Accounts.AccountActivity>();
        services.TryAddScoped<Accounts.AccountAdminService>();
        services.TryAddScoped<Accounts.SelfServiceUnlock>();
        services.TryAddScoped<Users.UserAdminService>();
        services.TryAddScoped<AuditQueries>();
        services.TryAddScoped<Dashboard.DashboardQueries>();
        services.TryAddScoped<Demo.DemoDataGenerator>();
        return builder;
    }
}
