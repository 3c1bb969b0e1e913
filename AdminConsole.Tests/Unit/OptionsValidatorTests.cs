using AdminConsole.Core.Attempts;
using AdminConsole.Core.Data;
using AdminConsole.Core.Health;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Mail;
using AdminConsole.Core.Notifications;
using AdminConsole.Core.Reports;
using AdminConsole.Core.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Unit;

/// <summary>
/// Each area's options validator: the defaults pass, and each bad value is refused with an error naming the
/// configuration key (the same validators run at start and when a policy is edited).
/// </summary>
public sealed class OptionsValidatorTests
{
    private static string? Errors<T>(IValidateOptions<T> validator, T options)
        where T : class
    {
        var result = validator.Validate(Options.DefaultName, options);
        return result.Succeeded ? null : result.FailureMessage;
    }

    [Fact]
    public void Every_area_accepts_its_defaults()
    {
        Assert.Null(Errors(new AddressRuleOptionsValidator(), new AddressRuleOptions()));
        Assert.Null(Errors(new NotificationOptionsValidator(), new NotificationOptions()));
        Assert.Null(Errors(new WeeklyDigestOptionsValidator(), new WeeklyDigestOptions()));
        Assert.Null(Errors(new MailOptionsValidator(), new MailOptions()));
        Assert.Null(Errors(new WebhookOptionsValidator(), new WebhookOptions()));
        Assert.Null(Errors(new RetentionOptionsValidator(), new RetentionOptions()));
        Assert.Null(Errors(new AdmissionOptionsValidator(), new AdmissionOptions()));
        Assert.Null(Errors(new HealthOptionsValidator(), new HealthOptions()));
        Assert.Null(Errors(new SeedOptionsValidator(), new SeedOptions()));
        Assert.Null(Errors(new DatabaseOptionsValidator(Configuration()), new DatabaseOptions()));
    }

    [Fact]
    public void Address_rules_refuse_prefixes_outside_the_family_and_a_zero_refresh()
    {
        Assert.Contains("AddressRules:WidestIPv4Prefix", Errors(new AddressRuleOptionsValidator(), new AddressRuleOptions { WidestIPv4Prefix = 33 }));
        Assert.Contains("AddressRules:WidestIPv6Prefix", Errors(new AddressRuleOptionsValidator(), new AddressRuleOptions { WidestIPv6Prefix = -1 }));
        Assert.Contains("AddressRules:RefreshInterval", Errors(new AddressRuleOptionsValidator(), new AddressRuleOptions { RefreshInterval = TimeSpan.Zero }));
        Assert.Null(Errors(new AddressRuleOptionsValidator(), new AddressRuleOptions { WidestIPv4Prefix = 32, WidestIPv6Prefix = 128 }));
    }

    [Fact]
    public void Notifications_refuse_empty_windows_and_thresholds_below_two()
    {
        Assert.Contains("Notifications:AggregationWindow", Errors(new NotificationOptionsValidator(), new NotificationOptions { DetectionWindow = TimeSpan.Zero }));
        Assert.Contains("Notifications:SprayingAccounts", Errors(new NotificationOptionsValidator(), new NotificationOptions { AutomatedFailures = 1 }));
        Assert.Null(Errors(new NotificationOptionsValidator(), new NotificationOptions { SprayingAccounts = 2, DistributedAddresses = 2, AutomatedFailures = 2 }));
    }

    [Fact]
    public void The_weekly_digest_refuses_an_hour_a_day_or_an_interval_that_does_not_exist()
    {
        Assert.Contains("Reports:WeeklyDigest:Hour", Errors(new WeeklyDigestOptionsValidator(), new WeeklyDigestOptions { Hour = 24 }));
        Assert.Contains("Reports:WeeklyDigest:Day", Errors(new WeeklyDigestOptionsValidator(), new WeeklyDigestOptions { Day = (DayOfWeek)7 }));
        Assert.Contains("Reports:WeeklyDigest:CheckInterval", Errors(new WeeklyDigestOptionsValidator(), new WeeklyDigestOptions { CheckInterval = TimeSpan.Zero }));
        Assert.Null(Errors(new WeeklyDigestOptionsValidator(), new WeeklyDigestOptions { Hour = 0, Day = DayOfWeek.Sunday }));
    }

    [Fact]
    public void Mail_refuses_a_sender_that_is_no_address_a_port_out_of_range_and_an_empty_batch()
    {
        Assert.Contains("Mail:From", Errors(new MailOptionsValidator(), new MailOptions { From = "not an address" }));
        Assert.Contains("Mail:Smtp:Port", Errors(new MailOptionsValidator(), new MailOptions { Smtp = new SmtpOptions { Port = 65536 } }));
        Assert.Contains("Mail:PollInterval, MaxBackoff and BatchSize", Errors(new MailOptionsValidator(), new MailOptions { BatchSize = 0 }));
        Assert.Null(Errors(new MailOptionsValidator(), new MailOptions { From = "Console <security@example.com>", Smtp = new SmtpOptions { Port = 465 } }));
    }

    [Theory]
    [InlineData("support@example.com", true)]
    [InlineData("https://help.example.com/locked", true)]
    [InlineData("http://intranet/help", true)]
    [InlineData("Support <support@example.com>", false)]
    [InlineData("support@example.com\nBcc: x@example.com", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("ftp://example.com/help", false)]
    [InlineData("https://user:secret@example.com/", false)]
    [InlineData("call the helpdesk", false)]
    public void Mail_takes_a_support_contact_that_is_an_address_or_a_web_page(string contact, bool valid)
    {
        var errors = Errors(new MailOptionsValidator(), new MailOptions { SupportContact = contact });

        if (valid)
        {
            Assert.Null(errors);
        }
        else
        {
            Assert.Contains("Mail:SupportContact", errors);
        }
    }

    [Fact]
    public void Unlock_links_live_from_a_minute_to_a_day()
    {
        Assert.Null(Errors(new UnlockLinkOptionsValidator(), new UnlockLinkOptions()));
        Assert.Null(Errors(new UnlockLinkOptionsValidator(), new UnlockLinkOptions { UnlockLinkLifetime = TimeSpan.FromMinutes(1) }));
        Assert.Null(Errors(new UnlockLinkOptionsValidator(), new UnlockLinkOptions { UnlockLinkLifetime = TimeSpan.FromDays(1) }));
        Assert.Contains("Lockout:UnlockLinkLifetime", Errors(new UnlockLinkOptionsValidator(), new UnlockLinkOptions { UnlockLinkLifetime = TimeSpan.FromSeconds(59) }));
        Assert.Contains("Lockout:UnlockLinkLifetime", Errors(new UnlockLinkOptionsValidator(), new UnlockLinkOptions { UnlockLinkLifetime = TimeSpan.FromDays(1).Add(TimeSpan.FromSeconds(1)) }));
        Assert.Contains("Lockout:UnlockLinkLifetime", Errors(new UnlockLinkOptionsValidator(), new UnlockLinkOptions { UnlockLinkLifetime = TimeSpan.FromMinutes(-5) }));
    }

    [Fact]
    public void Webhooks_refuse_unbounded_tries_and_a_zero_timeout()
    {
        Assert.Contains("Webhooks:MaxAttempts", Errors(new WebhookOptionsValidator(), new WebhookOptions { MaxAttempts = 0 }));
        Assert.Contains("Webhooks:MaxAttempts", Errors(new WebhookOptionsValidator(), new WebhookOptions { MaxAttempts = 101 }));
        Assert.Contains("Webhooks:MaxBackoff, Timeout", Errors(new WebhookOptionsValidator(), new WebhookOptions { Timeout = TimeSpan.Zero }));
        Assert.Null(Errors(new WebhookOptionsValidator(), new WebhookOptions { MaxAttempts = 100 }));
    }

    [Fact]
    public void Retention_refuses_to_keep_less_than_the_console_shows_or_the_audit_log_needs()
    {
        Assert.Contains("Retention:AttemptDays", Errors(new RetentionOptionsValidator(), new RetentionOptions { AttemptDays = 30 }));
        Assert.Contains("Retention:EventDays", Errors(new RetentionOptionsValidator(), new RetentionOptions { EventDays = 89 }));
        Assert.Contains("Retention:MailDays", Errors(new RetentionOptionsValidator(), new RetentionOptions { MailDays = 0 }));
        Assert.Contains("Retention:AddressDays", Errors(new RetentionOptionsValidator(), new RetentionOptions { AttemptDays = 40, AddressDays = 41 }));
        Assert.Contains("Retention:Interval and BatchSize", Errors(new RetentionOptionsValidator(), new RetentionOptions { BatchSize = 0 }));
        Assert.Null(Errors(new RetentionOptionsValidator(), new RetentionOptions { AttemptDays = 31, EventDays = 90, AddressDays = 31 }));
    }

    [Fact]
    public void Admission_refuses_negative_sizes_zero_timings_and_a_puzzle_too_hard()
    {
        Assert.Contains("Admission:ConcurrentHashes and QueueLength", Errors(new AdmissionOptionsValidator(), new AdmissionOptions { QueueLength = -1 }));
        Assert.Contains("Admission:RetryAfter and KnownDeviceLifetime", Errors(new AdmissionOptionsValidator(), new AdmissionOptions { RetryAfter = TimeSpan.Zero }));
        Assert.Contains("Admission:PuzzleDifficulty", Errors(new AdmissionOptionsValidator(), new AdmissionOptions { PuzzleDifficulty = 25 }));
        Assert.Null(Errors(new AdmissionOptionsValidator(), new AdmissionOptions { PuzzleDifficulty = 0, ConcurrentHashes = 4 }));
    }

    [Fact]
    public void Health_refuses_a_zero_outbox_age() =>
        Assert.Contains("Health:OutboxMaxAge", Errors(new HealthOptionsValidator(), new HealthOptions { OutboxMaxAge = TimeSpan.Zero }));

    [Fact]
    public void Seed_refuses_an_account_without_an_email_an_unknown_role_or_a_key_that_is_not_base32()
    {
        var validator = new SeedOptionsValidator();
        Assert.Contains("Seed:Admin:Email", Errors(validator, new SeedOptions { Admin = new SeedUser { Email = "admin" } }));
        Assert.Contains("Seed:Users:1:Email", Errors(validator, new SeedOptions { Users = [Account("a@example.com"), Account("")] }));
        Assert.Contains("Seed:Users:0:Role", Errors(validator, new SeedOptions { Users = [Account("a@example.com", role: "Root")] }));
        Assert.Contains("Seed:Users:0:AuthenticatorKey", Errors(validator, new SeedOptions { Users = [Account("a@example.com", key: "JBSWY3DPEHPK3PX1")] }));
        Assert.Contains("Seed:Users:0:AuthenticatorKey", Errors(validator, new SeedOptions { Users = [Account("a@example.com", key: "JBSWY3DP")] }));
        Assert.Null(Errors(validator, new SeedOptions
        {
            Admin = new SeedUser { Email = "admin@example.com", Password = "a long passphrase" },
            Users = [Account("v@example.com", AppRoles.SecurityViewer, "jbsw y3dp ehpk 3pxp")],
        }));
    }

    [Fact]
    public void Database_refuses_an_unknown_provider_and_sql_server_without_a_connection_string()
    {
        Assert.Contains("Database:Provider '7' is not supported", Errors(new DatabaseOptionsValidator(Configuration()), new DatabaseOptions { Provider = (DatabaseProvider)7 }));
        Assert.Contains("ConnectionStrings:AdminConsole is not set",
            Errors(new DatabaseOptionsValidator(Configuration()), new DatabaseOptions { Provider = DatabaseProvider.SqlServer }));
        Assert.Null(Errors(
            new DatabaseOptionsValidator(Configuration(("ConnectionStrings:AdminConsole", "Server=db;Database=console"))),
            new DatabaseOptions { Provider = DatabaseProvider.SqlServer }));
    }

    private static SeedUser Account(string email, string? role = null, string? key = null) =>
        new() { Email = email, Password = "a long passphrase", Role = role, AuthenticatorKey = key };

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
