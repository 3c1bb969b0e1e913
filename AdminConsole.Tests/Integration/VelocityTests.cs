using AdminConsole.Core.Audit;
using AdminConsole.Core.Notifications;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// <c>Lockout:MinimumInterval</c>: failures of one name from one client closer together than a person types are
/// answered like any failure, flagged as automated on the attempt, and raise an attack notification.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class VelocityTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Task<List<bool>> FlagsAsync(string email) =>
        app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == email.ToUpperInvariant()).OrderBy(a => a.Id).Select(a => a.Automated).ToListAsync(Cancel));

    [Fact]
    public async Task A_failure_sooner_than_the_minimum_interval_is_flagged_and_answered_alike()
    {
        var email = await app.CreateUserAsync();
        using var client = app.AllowListedClient();
        using var other = app.AllowListedClient();

        using var first = await client.LoginAsync(email, TestPasswords.Wrong);
        app.Time.Advance(TimeSpan.FromMilliseconds(300));
        using var quick = await client.LoginAsync(email, TestPasswords.Wrong);
        using var otherClient = await other.LoginAsync(email, TestPasswords.Wrong); // another address: its own pace
        app.Time.Advance(TimeSpan.FromSeconds(2));
        using var paced = await client.LoginAsync(email, TestPasswords.Wrong);

        Assert.Equal([false, true, false, false], await FlagsAsync(email));
        Assert.Equal(HttpStatusCode.Unauthorized, quick.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancel), await quick.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Automated_failures_against_one_account_raise_one_notification()
    {
        var email = await app.CreateUserAsync();
        using var client = app.AllowListedClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.LoginAsync(email, TestPasswords.Wrong)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        Assert.Equal(3, (await FlagsAsync(email)).Count(f => f));
        var detector = app.Services.GetServices<IHostedService>().OfType<AttackDetector>().Single();
        await detector.ScanAsync(Cancel);
        Assert.False(await app.WithDbAsync(db => db.AdminNotifications.AnyAsync(n => n.Type == NotificationType.AutomatedSignIns && n.Subject == email.ToUpperInvariant(), Cancel)));

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.LoginAsync(email, TestPasswords.Wrong)));
        await detector.ScanAsync(Cancel);
        await detector.ScanAsync(Cancel);

        var notification = await app.WithDbAsync(db => db.AdminNotifications.SingleAsync(n => n.Type == NotificationType.AutomatedSignIns && n.Subject == email.ToUpperInvariant(), Cancel));
        Assert.Equal(Core.Audit.SecurityEventSeverity.Warning, notification.Severity);
        Assert.Equal(1, await app.WithDbAsync(db => db.SecurityEvents.CountAsync(e => e.Type == SecurityEventType.AutomatedSignInsDetected && e.TargetUserName == email.ToUpperInvariant(), Cancel)));
    }
}
