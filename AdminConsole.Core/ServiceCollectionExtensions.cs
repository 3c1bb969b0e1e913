using AdminConsole.Core.Accounts;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Data;
using AdminConsole.Core.Demo;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Instances;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Links;
using AdminConsole.Core.Location;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Mail;
using AdminConsole.Core.Notifications;
using AdminConsole.Core.OpenId;
using AdminConsole.Core.Policy;
using AdminConsole.Core.Reports;
using AdminConsole.Core.Sessions;
using AdminConsole.Core.SignIn;
using AdminConsole.Core.Users;
using AdminConsole.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>The one place Core is wired: one call per area, each in its area's folder next to its options.</summary>
    public static IHostApplicationBuilder AddAdminConsoleCore(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<Telemetry.SecurityMetrics>();
        return builder
            .AddPolicyPreset()
            .AddSecurityDatabase()
            .AddSecurityIdentity()
            .AddSignIn()
            .AddSessions()
            .AddOpenIdProvider()
            .AddPolicyEditing()
            .AddLockout()
            .AddLocation()
            .AddIpProtection()
            .AddAttempts()
            .AddPublicLinks()
            .AddInstances()
            .AddNotifications()
            .AddMail()
            .AddWebhooks()
            .AddReports()
            .AddAudit()
            .AddAccounts()
            .AddUserAdministration()
            .AddDashboard()
            .AddDemoData();
    }

    /// <summary>
    /// Binds an options section, validated by <typeparamref name="TValidator"/> at start (and by policy editing,
    /// which runs every registered validator of the section).
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>
    /// Lets admins change an options section from the console: a stored section overrides configuration, and
    /// <see cref="IOptionsMonitor{TOptions}"/> readers see a change at once. Register after the section's own setup.
    /// </summary>
    public static IServiceCollection AddEditablePolicy<T>(this IServiceCollection services, string section)
        where T : class
    {
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<Policy.PolicyOverride<T>>(sp, section));
        services.AddSingleton<IPostConfigureOptions<T>>(sp => sp.GetRequiredService<Policy.PolicyOverride<T>>());
        services.AddSingleton<IOptionsChangeTokenSource<T>>(sp => sp.GetRequiredService<Policy.PolicyOverride<T>>());
        return services;
    }

    /// <summary>Identity's options; the store options shape the schema, so design-time tools use this too.</summary>
    public static void ConfigureIdentity(IdentityOptions options)
    {
        options.SignIn.RequireConfirmedAccount = true;
        options.User.RequireUniqueEmail = true;
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
        options.Stores.MaxLengthForKeys = 128;

        // NIST SP 800-63B 5.1.1.2: length and a blocklist, no composition rules.
        options.Password.RequiredLength = 12;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;
        options.Lockout.AllowedForNewUsers = true;
    }
}
