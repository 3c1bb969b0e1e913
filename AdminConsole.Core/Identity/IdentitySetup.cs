using AdminConsole.Core.Passwords;
using AdminConsole.Core.SignIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Identity;

/// <summary>Identity with our user manager and the sign-in manager of <c>SignIn/</c>, roles, registration and the seeded accounts.</summary>
public static class IdentitySetup
{
    public static IHostApplicationBuilder AddSecurityIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<SeedOptions, SeedOptionsValidator>(SeedOptions.Section);
        if (builder.Environment.IsDevelopment())
        {
            // Before the section is bound, so that a configured mode still wins: Development registers freely.
            services.Configure<RegistrationOptions>(o => o.Mode = RegistrationMode.Open);
            services.TryAddScoped<DevelopmentSignInHelp>();
        }

        services.AddValidatedOptions<RegistrationOptions, RegistrationOptionsValidator>(RegistrationOptions.Section);
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section);
        services.AddOptions<CommonPasswordOptions>().BindConfiguration(CommonPasswordOptions.Section);

        // Before AddIdentityCore, whose default would otherwise win: Identity and our keys normalise names one way.
        services.TryAddSingleton<ILookupNormalizer, AccountNames>();
        services.AddIdentityCore<AppUser>(ServiceCollectionExtensions.ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<Data.SecurityDbContext>()
            .AddUserManager<AppUserManager>()
            .AddSignInManager<AppSignInManager>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddUserValidator<HoneypotUserValidator>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        // Locking, disabling or demoting changes the security stamp; sessions notice within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.TryAddScoped<AccountRegistration>();
        return builder;
    }
}
