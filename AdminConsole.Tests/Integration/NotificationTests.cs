using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Notifications;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Tests.Integration;

public sealed class NotificationAppFactory : AppFactory
{
    public const string OnCall = "oncall@example.com";

    public NotificationAppFactory() => Settings["Notifications:AdminRecipients:0"] = OnCall;
}

/// <summary>Notifications raised through the real host: aggregation on the fake clock, detection, read state, fan-out.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class NotificationTests(NotificationAppFactory app) : IClassFixture<NotificationAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Task<List<AdminNotification>> NotificationsAbout(string subject) =>
        app.WithDbAsync(db => db.AdminNotifications.Where(n => n.Subject == subject).OrderBy(n => n.Id).ToListAsync(Cancel));

    private async Task<int> RecordAsync(SecurityEvent e)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        await scope.ServiceProvider.GetRequiredService<ISecurityEventLog>().AddAsync(db, e, Cancel);
        return await db.SaveChangesAsync(Cancel);
    }

    private SecurityEvent Blocked(string address) => new()
    {
        At = app.Time.GetUtcNow(),
        Type = SecurityEventType.AddressBlocked,
        Severity = SecurityEventSeverity.Warning,
        Actor = SecurityEvent.SystemActor,
        Address = address,
        Reason = "10 failed sign-ins",
    };

    [Fact]
    public async Task Repeats_within_the_window_raise_the_count_and_a_later_one_starts_a_new_notification()
    {
        const string address = "203.0.113.201";

        await RecordAsync(Blocked(address));
        app.Time.Advance(TimeSpan.FromMinutes(10));
        await RecordAsync(Blocked(address));
        var aggregated = Assert.Single(await NotificationsAbout(address));
        app.Time.Advance(TimeSpan.FromMinutes(6));
        await RecordAsync(Blocked(address));

        Assert.Equal(2, aggregated.Count);
        Assert.Equal(aggregated.CreatedAt.AddMinutes(10), aggregated.LastAt);
        var both = await NotificationsAbout(address);
        Assert.Equal([2, 1], both.Select(n => n.Count));
    }

    [Fact]
    public async Task A_lock_is_announced_after_commit_and_read_state_follows_new_occurrences()
    {
        var user = await app.CreateUserAsync();
        var hub = app.Services.GetRequiredService<NotificationHub>();
        var heard = new TaskCompletionSource<(NotificationSignal Signal, bool Committed)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var times = 0;
        void Listen(NotificationSignal s)
        {
            if (s.Type != NotificationType.AccountLocked || !s.Title.StartsWith(user, StringComparison.Ordinal))
            {
                return;
            }

            using var scope = app.Services.CreateScope();
            var committed = scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Data.SecurityDbContext>().AdminNotifications.Any(n => n.Id == s.Id);
            Interlocked.Increment(ref times);
            heard.TrySetResult((s, committed));
        }

        hub.Published += Listen;
        (NotificationSignal Signal, bool Committed) announced;
        try
        {
            using var locked = await app.AllowListedClient().FailTimesAsync(user, 5);
            Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);

            // The console hears it once the notification is read back; on a server database that read is truly
            // asynchronous, so it may end a moment after the answer.
            announced = await heard.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        }
        finally
        {
            hub.Published -= Listen;
        }

        var (signal, committed) = announced;
        Assert.Equal(1, Volatile.Read(ref times));
        Assert.True(committed, "consoles must hear about a notification only once it is committed");
        Assert.True(signal.IsNew);
        Assert.Equal(SecurityEventSeverity.Warning, signal.Severity);

        await using var scope = app.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<NotificationQueries>();
        const string reader = "reader@example.com";
        Assert.True(await queries.UnreadCountAsync(reader, Cancel) >= 1);
        await queries.MarkAllReadAsync(reader, Cancel);
        Assert.Equal(0, await queries.UnreadCountAsync(reader, Cancel));

        app.Time.Advance(TimeSpan.FromSeconds(1));
        await RecordAsync(Blocked("203.0.113.202"));
        Assert.Equal(1, await queries.UnreadCountAsync(reader, Cancel));
        var page = await queries.ListAsync(reader, new NotificationQuery(Unread: true), Cancel);
        Assert.Equal("203.0.113.202", Assert.Single(page.Items).Notification.Subject);
    }

    [Fact]
    public async Task Spraying_from_one_address_is_found_once_per_window_and_mails_the_admins()
    {
        var client = app.AllowListedClient();
        var address = client.DefaultRequestHeaders.GetValues(TestClientAddress.Header).Single();
        for (var i = 0; i < 12; i++)
        {
            using var response = await client.LoginAsync($"spray-{i}-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong);
        }

        var detector = app.Services.GetServices<IHostedService>().OfType<AttackDetector>().Single();
        var first = await detector.ScanAsync(Cancel);
        var second = await detector.ScanAsync(Cancel);

        Assert.True(first >= 1);
        Assert.Equal(0, second);
        var notification = Assert.Single(await NotificationsAbout(address));
        Assert.Equal((NotificationType.PasswordSpraying, SecurityEventSeverity.Critical, 12), (notification.Type, notification.Severity, notification.Count));
        var mail = await app.WithDbAsync(db => db.OutboxMails.Where(m => m.To == NotificationAppFactory.OnCall && m.Subject.Contains(address)).ToListAsync(Cancel));
        Assert.Equal($"[Critical] Password spraying from {address}", Assert.Single(mail).Subject);
    }

    [Fact]
    public async Task Spraying_from_many_hosts_of_one_ipv6_64_is_found_as_one_spray_from_that_network()
    {
        for (var i = 0; i < 10; i++)
        {
            using var response = await app.Client($"2001:db8:5:6::{i + 1:x}").LoginAsync($"spray6-{i}-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var detector = app.Services.GetServices<IHostedService>().OfType<AttackDetector>().Single();
        await detector.ScanAsync(Cancel);

        var notification = Assert.Single(await NotificationsAbout("2001:db8:5:6::/64"), n => n.Type == NotificationType.PasswordSpraying);
        Assert.Equal(10, notification.Count);
    }
}
