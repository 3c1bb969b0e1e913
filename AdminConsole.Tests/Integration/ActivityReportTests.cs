using System.Text.Json;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Mail;
using AdminConsole.Core.Reports;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// The suspicious-activity report on seeded history: two weeks (16-23 and 23-30 November 2026), each figure against
/// the week before; its CSV for console roles only; and the weekly digest, queued once per week whoever runs it.
/// </summary>
public sealed class ActivityReportTests(ActivityReportTests.Seeded app) : IClassFixture<ActivityReportTests.Seeded>
{
    public static readonly DateTimeOffset WeekStart = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset WeekEnd = WeekStart.AddDays(7);

    public sealed class Seeded : AppFactory
    {
        public const string Recipient = "digest@example.test";

        public Seeded()
        {
            Settings["Seed:Admin:Email"] = ConsoleAppFactory.AdminEmail;
            Settings["Seed:Admin:Password"] = "console admin test passphrase";
            Settings["Seed:Users:0:Email"] = ConsoleAppFactory.ViewerEmail;
            Settings["Seed:Users:0:Password"] = "console viewer test passphrase";
            Settings["Seed:Users:0:Role"] = AppRoles.SecurityViewer;
            Settings["Notifications:AdminRecipients:0"] = Recipient;
        }

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            var previous = WeekStart.AddDays(-7);
            await WithDbAsync(async db =>
            {
                // This week: 40 failures from 203.0.113.5 and 20 from 203.0.113.6 (one /24), 5 from an IPv6 host,
                // at victim@ and others; the week before: 10 failures from 203.0.113.5.
                for (var i = 0; i < 40; i++)
                {
                    db.LoginAttempts.Add(Attempt(WeekStart.AddHours(10).AddMinutes(i), "VICTIM@EXAMPLE.COM", "203.0.113.5"));
                }

                for (var i = 0; i < 20; i++)
                {
                    db.LoginAttempts.Add(Attempt(WeekStart.AddDays(2).AddMinutes(i), $"USER{i}@EXAMPLE.COM", "203.0.113.6"));
                }

                for (var i = 0; i < 5; i++)
                {
                    db.LoginAttempts.Add(Attempt(WeekStart.AddDays(3).AddMinutes(i), "VICTIM@EXAMPLE.COM", $"2001:db8:1:2::{i + 1}"));
                }

                for (var i = 0; i < 10; i++)
                {
                    db.LoginAttempts.Add(Attempt(previous.AddDays(1).AddMinutes(i), "VICTIM@EXAMPLE.COM", "203.0.113.5"));
                }

                db.LoginAttempts.Add(new LoginAttempt { At = WeekStart.AddHours(11), UserName = "VICTIM@EXAMPLE.COM", Address = "198.51.100.1", Outcome = LoginOutcome.Succeeded });
                db.SecurityEvents.AddRange(
                    Locked(WeekStart.AddHours(10).AddMinutes(4), 1),
                    Locked(WeekStart.AddHours(10).AddMinutes(30), 2),
                    Locked(previous.AddDays(1), 1),
                    Event(WeekStart.AddHours(10), SecurityEventType.AddressBlocked, address: "203.0.113.5"),
                    Event(WeekStart.AddDays(2), SecurityEventType.PasswordSprayingDetected, address: "203.0.113.6", details: new { Accounts = 20 }),
                    Event(WeekStart.AddDays(3), SecurityEventType.DistributedAttackDetected, user: "VICTIM@EXAMPLE.COM", details: new { Addresses = 5 }),
                    Event(previous.AddDays(1), SecurityEventType.AddressBlocked, address: "203.0.113.5"),
                    Event(previous.AddDays(2), SecurityEventType.AddressBlocked, address: "203.0.113.9"));
                db.KnownDevices.AddRange(Device(WeekStart.AddDays(1)), Device(WeekStart.AddDays(4)), Device(previous.AddDays(3)));
                return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            });
        }

        private static LoginAttempt Attempt(DateTimeOffset at, string name, string address) =>
            new() { At = at, UserName = name, Address = address, Outcome = LoginOutcome.WrongPassword };

        private static SecurityEvent Locked(DateTimeOffset at, int tier) =>
            Event(at, SecurityEventType.AccountLocked, user: "VICTIM@EXAMPLE.COM", details: new { Tier = tier }, userId: "victim-id");

        private static SecurityEvent Event(DateTimeOffset at, SecurityEventType type, string? address = null, string? user = null, object? details = null, string? userId = null) => new()
        {
            At = at,
            Type = type,
            Severity = SecurityEventSeverity.Warning,
            Actor = SecurityEvent.SystemActor,
            Address = address,
            TargetUserName = user,
            TargetUserId = userId,
            Details = details is null ? null : JsonSerializer.Serialize(details),
        };

        private static KnownDevice Device(DateTimeOffset at) => new()
        {
            Id = Guid.NewGuid().ToString("N").PadRight(KnownDevice.IdLength, 'x'),
            UserId = "victim-id",
            AccountKey = "VICTIM@EXAMPLE.COM",
            CreatedAt = at,
            LastSeenAt = at,
        };

        public async Task<HttpClient> SignedInAsync(string email, string password)
        {
            var client = AllowListedClient();
            Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, password)).StatusCode);
            return client;
        }
    }

    private Task<ActivityReport> ReportAsync() => app.WithDbAsync(async _ =>
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ActivityReports>().GetAsync(WeekStart, WeekEnd, TestContext.Current.CancellationToken);
    });

    [Fact]
    public async Task Totals_compare_the_week_with_the_week_before()
    {
        var r = await ReportAsync();

        Assert.Equal(WeekStart.AddDays(-7), r.PreviousFrom);
        Assert.Equal(new Change(65, 10), r.FailedSignIns);
        Assert.Equal(550, r.FailedSignIns.Percent);
        Assert.Equal(new Change(7, 1), r.AttackingAddresses); // five IPv6 hosts in one /64 count as five addresses, one network
        Assert.Equal(new Change(21, 1), r.TargetedAccounts);
        Assert.Equal(new Change(1, 0), r.Sprays);
        Assert.Equal("new", r.Sprays.Describe());
        Assert.Equal(new Change(1, 0), r.DistributedAttacks);
        Assert.Equal(new Change(1, 1), r.LocksByTier[1]);
        Assert.Equal(new Change(1, 0), r.LocksByTier[2]);
        Assert.Equal(new Change(1, 2), r.Blocks);
        Assert.Equal("-50%", r.Blocks.Describe());
        Assert.Equal(new Change(2, 1), r.NewDevices);
    }

    [Fact]
    public async Task Top_lists_rank_addresses_networks_and_accounts_with_the_week_before()
    {
        var r = await ReportAsync();

        Assert.Equal(new RankedChange("203.0.113.5", 40, 10), r.TopAddresses[0]);
        Assert.Equal(new RankedChange("203.0.113.6", 20, 0), r.TopAddresses[1]);
        Assert.Equal(new RankedChange("203.0.113.0/24", 60, 10), r.TopNetworks[0]);
        Assert.Equal(new RankedChange("2001:db8:1:2::/64", 5, 0), r.TopNetworks[1]);
        Assert.Equal(new RankedChange("victim@example.com", 45, 10), r.TopAccounts[0]);
        Assert.Equal("203.0.113.6", Assert.Single(r.SprayFindings).Subject);
        Assert.Equal(20, r.SprayFindings[0].Figure);
        Assert.Equal(new AttackFinding(WeekStart.AddDays(3), "victim@example.com", 5), Assert.Single(r.DistributedFindings));
    }

    [Fact]
    public async Task The_csv_is_for_console_roles_only_and_holds_the_figures()
    {
        const string path = "/api/admin/reports/activity.csv?from=2026-11-23T00:00:00Z&to=2026-11-30T00:00:00Z";
        // The sign-ins below record devices; they happen after the reported week so the other tests' figures hold
        // in any order (the digest test moves the clock to 06:00 on the Monday after, never back).
        if (app.Time.GetUtcNow() < WeekEnd.AddHours(1))
        {
            app.Time.SetUtcNow(WeekEnd.AddHours(1));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().GetAsync(path, TestContext.Current.CancellationToken)).StatusCode);
        var user = await app.CreateUserAsync();
        using var plain = await app.SignedInAsync(user, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode);

        using var viewer = await app.SignedInAsync(ConsoleAppFactory.ViewerEmail, "console viewer test passphrase");
        var response = await viewer.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Section,Name,Count,PreviousCount,Change", lines[0]);
        Assert.Contains("Total,Failed sign-ins,65,10,+550%", lines);
        Assert.Contains("Top networks,203.0.113.0/24,60,10,+500%", lines);
        Assert.Contains("Locks by tier,Tier 2,1,0,new", lines);
        Assert.Contains("Most targeted accounts,victim@example.com,45,10,+350%", lines);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/admin/reports/activity.csv?from=2026-11-30T00:00:00Z&to=2026-11-23T00:00:00Z", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task The_digest_is_queued_once_a_week_by_two_runners_at_once_and_again_next_week()
    {
        var options = new FixedOptions<WeeklyDigestOptions>(new WeeklyDigestOptions { Enabled = true, Hour = 7 });
        WeeklyDigestSender Runner() => ActivatorUtilities.CreateInstance<WeeklyDigestSender>(app.Services, options);
        // Retention deletes outbox mail after Retention:MailDays (7), so each week's mails are counted from that Monday.
        Task<int> Digests(DateTimeOffset since) => app.WithDbAsync(db => db.OutboxMails.CountAsync(m => m.Kind == DigestMail.Kind && m.CreatedAt >= since, TestContext.Current.CancellationToken));

        // Monday 30 November, 06:00: not yet the hour.
        app.Time.SetUtcNow(WeekEnd.AddHours(6));
        Assert.False(await Runner().SendDueAsync(TestContext.Current.CancellationToken));
        app.Time.SetUtcNow(WeekEnd.AddHours(7));

        var sent = await Task.WhenAll(Runner().SendDueAsync(TestContext.Current.CancellationToken), Runner().SendDueAsync(TestContext.Current.CancellationToken));

        Assert.Equal(1, sent.Count(s => s));
        Assert.Equal(1, await Digests(WeekEnd));
        var mail = await app.WithDbAsync(db => db.OutboxMails.SingleAsync(m => m.Kind == DigestMail.Kind, TestContext.Current.CancellationToken));
        Assert.Equal(Seeded.Recipient, mail.To);
        Assert.Equal("Suspicious activity, week to 2026-11-30", mail.Subject);
        Assert.Contains("Failed sign-ins: 65 (+550% from 10 the week before)", mail.TextBody);
        Assert.Contains("https://console.example.test/admin/reports?from=2026-11-23&to=2026-11-30", mail.TextBody);

        // A restart later in the week sends nothing more; the next Monday sends the next week's.
        app.Time.SetUtcNow(WeekEnd.AddDays(2));
        Assert.False(await Runner().SendDueAsync(TestContext.Current.CancellationToken));
        app.Time.SetUtcNow(WeekEnd.AddDays(7).AddHours(8));
        sent = await Task.WhenAll(Runner().SendDueAsync(TestContext.Current.CancellationToken), Runner().SendDueAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, sent.Count(s => s));
        Assert.Equal(1, await Digests(WeekEnd.AddDays(7)));
        Assert.Equal(["2026-11-30", "2026-12-07"], await app.WithDbAsync(db => db.WeeklyDigests.OrderBy(d => d.Week).Select(d => d.Week).ToListAsync(TestContext.Current.CancellationToken)));
    }
}
