using AdminConsole.Core.Attempts;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Instances;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Passwords;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>The one place Core is wired: options, database, Identity with our lockout, the recorder.</summary>
    public static IHostApplicationBuilder AddAdminConsoleCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<LockoutPolicyOptions>()
            .BindConfiguration(LockoutPolicyOptions.Section)
            .PostConfigure(o =>
            {
                if (o.Tiers.Count == 0)
                {
                    o.Tiers = LockoutPolicyOptions.DefaultTiers();
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LockoutPolicyOptions>, LockoutOptionsValidator>());
        services.AddOptions<SessionLifetimeOptions>().BindConfiguration(SessionLifetimeOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionLifetimeOptions>, SessionLifetimeOptionsValidator>());
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section);
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NetworkOptions>, NetworkOptionsValidator>());
        services.AddOptions<AddressBlockingOptions>().BindConfiguration(AddressBlockingOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AddressBlockingOptions>, AddressBlockingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AddressBlockingOptions>, HoneypotNamesValidator>());
        services.AddOptions<CommonPasswordOptions>().BindConfiguration(CommonPasswordOptions.Section);
        services.AddOptions<AddressRuleOptions>().BindConfiguration(AddressRuleOptions.Section)
            .Validate(o => o.WidestIPv4Prefix is >= 0 and <= 32, "AddressRules:WidestIPv4Prefix must be from 0 to 32.")
            .Validate(o => o.WidestIPv6Prefix is >= 0 and <= 128, "AddressRules:WidestIPv6Prefix must be from 0 to 128.")
            .Validate(o => o.RefreshInterval > TimeSpan.Zero, "AddressRules:RefreshInterval must be positive.")
            .ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.TryAddSingleton<Policy.PolicyStore>();
        services.TryAddScoped<Policy.PolicyService>();
        services.TryAddScoped<Policy.PolicyRehearsal>();
        services.AddEditablePolicy<LockoutPolicyOptions>(LockoutPolicyOptions.Section);
        services.AddEditablePolicy<AddressBlockingOptions>(AddressBlockingOptions.Section);
        services.AddOptions<Notifications.NotificationOptions>().BindConfiguration(Notifications.NotificationOptions.Section)
            .Validate(o => o.AggregationWindow > TimeSpan.Zero && o.DetectionInterval > TimeSpan.Zero && o.DetectionWindow > TimeSpan.Zero,
                "Notifications:AggregationWindow, DetectionInterval and DetectionWindow must be positive.")
            .Validate(o => o.SprayingAccounts >= 2 && o.DistributedAddresses >= 2 && o.AutomatedFailures >= 2,
                "Notifications:SprayingAccounts, DistributedAddresses and AutomatedFailures must be at least 2.")
            .ValidateOnStart();
        services.AddOptions<Reports.WeeklyDigestOptions>().BindConfiguration(Reports.WeeklyDigestOptions.Section)
            .Validate(o => o.Hour is >= 0 and <= 23, "Reports:WeeklyDigest:Hour must be from 0 to 23.")
            .Validate(o => Enum.IsDefined(o.Day), "Reports:WeeklyDigest:Day must be a day of the week, like Monday.")
            .Validate(o => o.CheckInterval > TimeSpan.Zero, "Reports:WeeklyDigest:CheckInterval must be positive.")
            .ValidateOnStart();
        services.AddOptions<Mail.MailOptions>().BindConfiguration(Mail.MailOptions.Section)
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.From, out _), "Mail:From must be a mail address, like 'AdminConsole <security@example.com>'.")
            .Validate(o => o.Smtp.Port is > 0 and < 65536, "Mail:Smtp:Port must be from 1 to 65535.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.MaxBackoff > TimeSpan.Zero && o.BatchSize > 0,
                "Mail:PollInterval, MaxBackoff and BatchSize must be positive.")
            .ValidateOnStart();
        services.AddOptions<Webhooks.WebhookOptions>().BindConfiguration(Webhooks.WebhookOptions.Section)
            .Validate(o => o.MaxAttempts is >= 1 and <= 100, "Webhooks:MaxAttempts must be from 1 to 100.")
            .Validate(o => o.MaxBackoff > TimeSpan.Zero && o.Timeout > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.BatchSize > 0,
                "Webhooks:MaxBackoff, Timeout, PollInterval and BatchSize must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<Webhooks.WebhookSignal>();
        services.TryAddSingleton<Webhooks.WebhookTargets>();
        services.TryAddSingleton<Webhooks.WebhookSecrets>();
        services.TryAddScoped<Webhooks.WebhookService>();
        services.AddHttpClient(Webhooks.WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<Webhooks.WebhookTargets>().CreateHandler());
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section)
            .Validate(o => o.AttemptDays >= RetentionOptions.MinAttemptDays, "Retention:AttemptDays must be at least 31: the dashboard shows the last 30 days.")
            .Validate(o => o.EventDays >= 90, "Retention:EventDays must be at least 90: the audit log is kept for at least three months.")
            .Validate(o => o.MailDays >= 1, "Retention:MailDays must be at least 1.")
            .Validate(o => o.AddressDays >= 1 && o.AddressDays <= o.AttemptDays,
                "Retention:AddressDays must be from 1 to Retention:AttemptDays: addresses are pseudonymised before their attempts are deleted.")
            .Validate(o => o.Interval > TimeSpan.Zero && o.BatchSize > 0, "Retention:Interval and BatchSize must be positive.")
            .ValidateOnStart();
        services.AddOptions<Links.PublicUrlOptions>().BindConfiguration(Links.PublicUrlOptions.Section)
            .PostConfigure(o =>
            {
                // Only Development has a default; elsewhere a missing base URL stops the start (validator below).
                if (builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(o.PublicBaseUrl))
                {
                    o.PublicBaseUrl = Links.PublicUrlOptions.DevelopmentDefault;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Links.PublicUrlOptions>, Links.PublicUrlOptionsValidator>());
        services.TryAddSingleton<Links.PublicLinks>();
        services.TryAddScoped<Mail.AccountMail>();
        services.TryAddScoped<IEmailSender<AppUser>>(sp => sp.GetRequiredService<Mail.AccountMail>());
        services.TryAddScoped<AccountRegistration>();
        builder.AddInstanceChannel();
        services.TryAddSingleton<Telemetry.SecurityMetrics>();
        services.TryAddSingleton<Notifications.NotificationHub>();
        services.TryAddSingleton<Mail.MailSignal>();
        services.TryAddSingleton<Mail.MailTransport>();
        services.TryAddSingleton<Notifications.SecurityEventEffects>();
        services.TryAddScoped<Notifications.NotificationQueries>();

        AddDatabase(builder);

        // One key ring for every instance and restart, in the database (issue: keys in a home folder die with the
        // container). The application name is fixed so that instances in other folders share the ring.
        services.AddDataProtection()
            .SetApplicationName("AdminConsole")
            .PersistKeysToDbContext<SecurityDbContext>();

        // Before AddIdentityCore, whose default would otherwise win: Identity and our keys normalise names one way.
        services.TryAddSingleton<ILookupNormalizer, AccountNames>();
        services.AddIdentityCore<AppUser>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SecurityDbContext>()
            .AddUserManager<AppUserManager>()
            .AddSignInManager<AppSignInManager>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddUserValidator<HoneypotUserValidator>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        // Locking, disabling or demoting changes the security stamp; sessions notice within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.TryAddSingleton<LockoutPolicy>();
        services.TryAddSingleton<DeviceLanePolicy>();
        services.TryAddScoped<LockoutStore>();
        services.TryAddScoped<KnownDeviceStore>();
        services.TryAddScoped<RequestDevice>();
        services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.Section)
            .Validate(o => o.ConcurrentHashes >= 0 && o.QueueLength >= 0, "Admission:ConcurrentHashes and QueueLength must be 0 (automatic) or more.")
            .Validate(o => o.RetryAfter > TimeSpan.Zero && o.KnownDeviceLifetime > TimeSpan.Zero, "Admission:RetryAfter and KnownDeviceLifetime must be positive.")
            .Validate(o => o.PuzzleDifficulty is >= 0 and <= 24 && o.PuzzleLifetime > TimeSpan.Zero, "Admission:PuzzleDifficulty must be from 0 (off) to 24, and PuzzleLifetime positive.")
            .ValidateOnStart();
        services.TryAddSingleton<KnownDevices>();
        services.TryAddSingleton<HashAdmission>();
        services.TryAddSingleton<SignInPuzzle>();
        services.TryAddScoped<LoginAttemptRecorder>();
        services.TryAddSingleton<ServerSecrets>();
        services.TryAddSingleton<SignInSignals>();
        services.TryAddSingleton<AddressRuleCache>();
        services.TryAddSingleton<TrustedProxies>();
        services.TryAddSingleton<ForwardedHeaderWarning>();
        services.TryAddSingleton<RejectionSummary>();
        services.TryAddScoped<AddressBlocker>();
        services.TryAddScoped<AddressRuleService>();
        services.TryAddScoped<Accounts.AccountQueries>();
        services.TryAddScoped<Audit.ConsoleAuthorization>();
        services.TryAddScoped<Sessions.SessionStore>();
        services.TryAddSingleton<Sessions.SessionSignal>();
        services.TryAddScoped<Accounts.AccountAdminService>();
        services.TryAddScoped<Users.UserAdminService>();
        services.TryAddScoped<AddressPseudonyms>();
        services.TryAddScoped<AttemptQueries>();
        services.TryAddScoped<Audit.AuditQueries>();
        services.TryAddScoped<Dashboard.DashboardQueries>();
        services.TryAddScoped<Reports.ActivityReports>();
        services.TryAddScoped<Demo.DemoDataGenerator>();
        services.AddHostedService<AddressProtectionWorker>();
        services.AddHostedService<Mail.MailSender>();
        services.AddHostedService<Webhooks.WebhookSender>();
        services.AddHostedService<Notifications.AttackDetector>();
        services.TryAddSingleton<Reports.WeeklyDigestSender>();
        services.AddHostedService(sp => sp.GetRequiredService<Reports.WeeklyDigestSender>());
        services.TryAddSingleton<AttemptRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<AttemptRetention>());
        return builder;
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

    private static void AddDatabase(IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var provider = configuration.GetValue(DatabaseOptions.Section + ":" + nameof(DatabaseOptions.Provider), DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = DatabaseInitializer.PrepareSqlite(connectionString ?? DatabaseOptions.DefaultSqliteConnection);
                builder.Services.AddDbContext<SecurityDbContext, SqliteSecurityDbContext>((sp, o) => o.UseSqlite(sqlite).AddInterceptors(sp.GetRequiredService<Notifications.SecurityEventEffects>(), new SqliteBusyTimeout()));
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"Database:Provider is SqlServer but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set.");
                }

                builder.Services.AddDbContext<SecurityDbContext, SqlServerSecurityDbContext>((sp, o) => o.UseSqlServer(connectionString).AddInterceptors(sp.GetRequiredService<Notifications.SecurityEventEffects>()));
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{provider}' is not supported: use Sqlite or SqlServer.");
        }
    }
}
