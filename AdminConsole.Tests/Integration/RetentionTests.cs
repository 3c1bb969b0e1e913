using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Mail;
using AdminConsole.Core.Notifications;

namespace AdminConsole.Tests.Integration;

/// <summary>Retention keeps the database bounded: old attempts and their counts go, in batches, and the run is audited.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class RetentionTests(RetentionTests.SmallBatchFactory app) : IClassFixture<RetentionTests.SmallBatchFactory>
{
    public sealed class SmallBatchFactory : AppFactory
    {
        public SmallBatchFactory()
        {
            Settings["Retention:AttemptDays"] = "40";
            Settings["Retention:BatchSize"] = "2";
        }

        /// <summary>The database file, for a second host on the same data.</summary>
        public string Path => DatabasePath;
    }

    [Fact]
    public async Task A_lockout_row_of_an_unknown_name_keeps_its_consecutive_failures_as_long_as_its_attempts()
    {
        var now = app.Time.GetUtcNow();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await app.WithDbAsync(db =>
        {
            db.AccountLockouts.AddRange(
                new AccountLockout { Key = $"PACED-{tag}", Failures = 4, ConsecutiveFailures = 40, LastFailureAt = now.AddDays(-2) },
                new AccountLockout { Key = $"PACED-LONG-AGO-{tag}", Failures = 4, ConsecutiveFailures = 40, LastFailureAt = now.AddDays(-41) },
                new AccountLockout { Key = $"QUIET-{tag}", Failures = 4, LastFailureAt = now.AddDays(-2) });
            return db.SaveChangesAsync();
        });

        var retention = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AttemptRetention>().Single();
        await retention.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            [$"PACED-{tag}"],
            await app.WithDbAsync(db => db.AccountLockouts.Where(l => l.Key.EndsWith(tag)).Select(l => l.Key).ToListAsync()));
    }

    [Fact]
    public async Task Attempts_and_counts_older_than_the_retention_go_in_batches_and_the_rest_stay()
    {
        var now = app.Time.GetUtcNow();
        var old = now.AddDays(-41);
        var kept = now.AddDays(-39);
        await app.WithDbAsync(db =>
        {
            for (var i = 0; i < 5; i++)
            {
                db.LoginAttempts.Add(new LoginAttempt { At = old, UserName = "OLD@EXAMPLE.COM", Address = "203.0.113.90", Outcome = LoginOutcome.WrongPassword });
            }

            db.LoginAttempts.Add(new LoginAttempt { At = kept, UserName = "KEPT@EXAMPLE.COM", Address = "203.0.113.91", Outcome = LoginOutcome.WrongPassword });
            return db.SaveChangesAsync();
        });

        var retention = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AttemptRetention>().Single();
        var deleted = await retention.PurgeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(5, deleted);
        Assert.False(await app.WithDbAsync(db => db.LoginAttempts.AnyAsync(a => a.UserName == "OLD@EXAMPLE.COM")));
        Assert.True(await app.WithDbAsync(db => db.LoginAttempts.AnyAsync(a => a.UserName == "KEPT@EXAMPLE.COM")));
        Assert.False(await app.WithDbAsync(db => db.AttemptCounts.AnyAsync(c => c.Name == "OLD@EXAMPLE.COM" || c.Name == "203.0.113.90")));
        Assert.Equal(2, await app.WithDbAsync(db => db.AttemptCounts.CountAsync(c => c.Name == "KEPT@EXAMPLE.COM")));
        var purged = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Type == SecurityEventType.AttemptsPurged).OrderBy(e => e.Id).LastAsync());
        Assert.Contains("\"Attempts\":5", purged.Details);

        // Nothing left to delete: nothing deleted, nothing recorded.
        var events = await app.WithDbAsync(db => db.SecurityEvents.CountAsync(e => e.Type == SecurityEventType.AttemptsPurged));
        Assert.False((await retention.RunAsync(TestContext.Current.CancellationToken)).Any);
        Assert.Equal(events, await app.WithDbAsync(db => db.SecurityEvents.CountAsync(e => e.Type == SecurityEventType.AttemptsPurged)));
    }

    [Theory]
    [InlineData("Retention:EventDays", "89", "Retention:EventDays must be at least 90")]
    [InlineData("Retention:MailDays", "0", "Retention:MailDays must be at least 1")]
    public void Event_and_mail_retention_have_a_minimum(string key, string value, string message)
    {
        using var factory = new AppFactory();
        factory.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(message, error.ToString());
    }

    [Theory]
    [InlineData("30", "Retention:AttemptDays must be at least 31")]
    [InlineData("abc", "AttemptDays")]
    public void A_retention_shorter_than_the_dashboard_is_refused_at_start(string days, string message)
    {
        using var factory = new AppFactory();
        factory.Settings["Retention:AttemptDays"] = days;

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(message, error.ToString());
    }
}

/// <summary>Retention of everything besides attempts, on its own host so that its audit rows stand alone.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class RetentionScopeTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Everything_else_that_grows_is_kept_only_while_it_matters()
    {
        var now = app.Time.GetUtcNow();
        var longAgo = now.AddDays(-400);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var account = await app.CreateUserAsync();
        var accountId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == account).Select(u => u.Id).SingleAsync());
        await app.WithDbAsync(db =>
        {
            db.AccountLockouts.AddRange(
                new AccountLockout { Key = $"GONE-{tag}", Failures = 3, LastFailureAt = now.AddDays(-2) },
                new AccountLockout { Key = $"COUNTING-{tag}", Failures = 3, LastFailureAt = now.AddHours(-1) },
                new AccountLockout { Key = $"LOCKED-{tag}", Failures = 15, Tier = 3, LockedUntil = LockoutPolicy.UntilUnlocked, LastFailureAt = now.AddDays(-2) },
                new AccountLockout { Key = $"ACCOUNT-{tag}", UserId = accountId, Failures = 2, LastFailureAt = now.AddDays(-2) });
            db.AddressThrottles.AddRange(
                new AddressThrottle { Key = $"gone-{tag}", Failures = 3, WindowStart = now.AddDays(-3) },
                new AddressThrottle { Key = $"repeat-{tag}", Failures = 0, WindowStart = now.AddHours(-2), Blocks = 1, LastBlockAt = now.AddHours(-2), BlockedUntil = now.AddHours(-1) });
            db.IpRules.AddRange(
                new IpRule { Network = $"203.0.113.1{tag[..2]}", Reason = "ended", CreatedBy = "a", CreatedAt = longAgo, EndedAt = longAgo, Kind = IpRuleKind.Deny },
                new IpRule { Network = "203.0.113.201", Reason = $"in force {tag}", CreatedBy = "a", CreatedAt = longAgo, Kind = IpRuleKind.Deny });
            var old = new AdminNotification { Title = "t", Message = "m", Subject = $"old-{tag}", CreatedAt = longAgo, LastAt = longAgo };
            db.AdminNotifications.Add(old);
            db.AdminNotifications.Add(new AdminNotification { Title = "t", Message = "m", Subject = $"new-{tag}", CreatedAt = now, LastAt = now });
            db.SecurityEvents.AddRange(
                new SecurityEvent { At = longAgo, Type = SecurityEventType.FailuresReset, Actor = "a", Reason = $"old {tag}" },
                new SecurityEvent { At = now.AddDays(-10), Type = SecurityEventType.FailuresReset, Actor = "a", Reason = $"recent {tag}" });
            db.OutboxMails.AddRange(
                new OutboxMail { To = $"sent-{tag}@example.com", Subject = "s", TextBody = "t", HtmlBody = "h", Kind = "k", CreatedAt = now.AddDays(-8), SentAt = now.AddDays(-8) },
                new OutboxMail { To = $"dead-{tag}@example.com", Subject = "s", TextBody = "t", HtmlBody = "h", Kind = "k", CreatedAt = now.AddDays(-8) },
                new OutboxMail { To = $"fresh-{tag}@example.com", Subject = "s", TextBody = "t", HtmlBody = "h", Kind = "k", CreatedAt = now.AddDays(-1) });
            return db.SaveChangesAsync();
        });
        var oldId = await app.WithDbAsync(db => db.AdminNotifications.Where(n => n.Subject == $"old-{tag}").Select(n => n.Id).SingleAsync());
        await app.WithDbAsync(db =>
        {
            db.NotificationReads.Add(new NotificationRead { NotificationId = oldId, Reader = "admin", ReadAt = longAgo });
            return db.SaveChangesAsync();
        });

        var retention = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AttemptRetention>().Single();
        var run = await retention.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            [$"ACCOUNT-{tag}", $"COUNTING-{tag}", $"LOCKED-{tag}"],
            await app.WithDbAsync(db => db.AccountLockouts.Where(l => l.Key.EndsWith(tag)).OrderBy(l => l.Key).Select(l => l.Key).ToListAsync()));
        Assert.Equal([$"repeat-{tag}"], await app.WithDbAsync(db => db.AddressThrottles.Where(t => t.Key.EndsWith(tag)).Select(t => t.Key).ToListAsync()));
        Assert.True(await app.WithDbAsync(db => db.IpRules.AnyAsync(r => r.Reason == $"in force {tag}")));
        Assert.False(await app.WithDbAsync(db => db.IpRules.AnyAsync(r => r.Reason == "ended")));
        Assert.Equal([$"new-{tag}"], await app.WithDbAsync(db => db.AdminNotifications.Where(n => n.Subject.EndsWith(tag)).Select(n => n.Subject).ToListAsync()));
        Assert.False(await app.WithDbAsync(db => db.NotificationReads.AnyAsync(r => r.NotificationId == oldId)));
        Assert.Equal([$"recent {tag}"], await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Reason!.EndsWith(tag)).Select(e => e.Reason!).ToListAsync()));
        Assert.Equal([$"fresh-{tag}@example.com"], await app.WithDbAsync(db => db.OutboxMails.Where(m => m.To.Contains(tag)).Select(m => m.To).ToListAsync()));
        Assert.Equal((2, 1), (run.Mails, run.UndeliveredMails));
        var audit = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Type == SecurityEventType.AttemptsPurged).OrderBy(e => e.Id).LastAsync());
        Assert.Contains("1 mail(s) were never delivered", audit.Reason);
    }

    [Fact]
    public async Task Ended_sessions_and_devices_that_can_never_return_go()
    {
        var now = app.Time.GetUtcNow();
        var email = await app.CreateUserAsync();
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        string Id() => AdminConsole.Core.Sessions.SessionStore.NewId();
        var (ended, open, stale, fresh) = (Id(), Id(), Id(), Id());
        await app.WithDbAsync(db =>
        {
            db.UserSessions.AddRange(
                new AdminConsole.Core.Sessions.UserSession { Id = ended, UserId = userId, CreatedAt = now.AddDays(-401), LastSeenAt = now.AddDays(-400), EndedAt = now.AddDays(-400) },
                new AdminConsole.Core.Sessions.UserSession { Id = open, UserId = userId, CreatedAt = now, LastSeenAt = now });
            db.KnownDevices.AddRange(
                new KnownDevice { Id = stale, UserId = userId, AccountKey = email.ToUpperInvariant(), CreatedAt = now.AddDays(-200), LastSeenAt = now.AddDays(-100) },
                new KnownDevice { Id = fresh, UserId = userId, AccountKey = email.ToUpperInvariant(), CreatedAt = now.AddDays(-2), LastSeenAt = now.AddDays(-1) });
            return db.SaveChangesAsync();
        });

        string spentToken;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<OpenIddict.Abstractions.IOpenIddictTokenManager>();
            var token = await tokens.CreateAsync(new OpenIddict.Abstractions.OpenIddictTokenDescriptor
            {
                Subject = userId, Type = OpenIddict.Abstractions.OpenIddictConstants.TokenTypeHints.RefreshToken,
                Status = OpenIddict.Abstractions.OpenIddictConstants.Statuses.Redeemed,
                CreationDate = now.AddDays(-401), ExpirationDate = now.AddDays(-394),
            }, TestContext.Current.CancellationToken);
            spentToken = (await tokens.GetIdAsync(token, TestContext.Current.CancellationToken))!;
        }

        var retention = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AttemptRetention>().Single();
        var run = await retention.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal([open], await app.WithDbAsync(db => db.UserSessions.Where(x => x.UserId == userId).Select(x => x.Id).ToListAsync()));
        Assert.False(await app.WithDbAsync(db => db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>().AnyAsync(t => t.Id == spentToken)));
        Assert.Equal([fresh], await app.WithDbAsync(db => db.KnownDevices.Where(d => d.UserId == userId).Select(d => d.Id).ToListAsync()));
        Assert.True(run.Sessions >= 1 && run.Devices >= 1);
    }
}
