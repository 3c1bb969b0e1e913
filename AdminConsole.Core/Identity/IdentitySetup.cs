using AdminConsole.Core.Passwords;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Identity;

/// <summary>Identity with our user and sign-in managers, the seeded accounts, and admission in front of the password hash.</summary>
public static class IdentitySetup
{
    public static IHostApplicationBuilder AddSecurityIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<SeedOptions, SeedOptionsValidator>(SeedOptions.Section);
        services.AddValidatedOptions<AdmissionOptions, AdmissionOptionsValidator>(AdmissionOptions.Section);
        services.AddValidatedOptions<ChallengeOptions, ChallengeOptionsValidator>(ChallengeOptions.Section);
        services.AddValidatedOptions<RiskOptions, ChallengeOptionsValidator>(RiskOptions.Section);
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
        services.TryAddScoped<RequestDevice>();
        services.TryAddSingleton<KnownDevices>();
        services.TryAddSingleton<HashAdmission>();
        services.TryAddSingleton<SignInPuzzle>();
        services.TryAddSingleton<SignInSignals>();
        services.TryAddScoped<SignInRisk>();
        services.AddEditablePolicy<ChallengeOptions>(ChallengeOptions.Section);
        services.AddEditablePolicy<RiskOptions>(RiskOptions.Section);
        return builder;
    }
}
