using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Users;

/// <summary>User administration: invitations, roles and disabling.</summary>
public static class UserSetup
{
    public static IHostApplicationBuilder AddUserAdministration(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddScoped<UserAdminService>();
        return builder;
    }
}
