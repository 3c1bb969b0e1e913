using AdminConsole.Core.Attempts;
using AdminConsole.Core.Dashboard;
using Microsoft.AspNetCore.Hosting;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Retention replaces attempt addresses older than <c>Retention:AddressDays</c> with a keyed pseudonym: grouped as
/// before, naming nobody, the same on every run and after a restart, and never matched by an address filter.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class AddressPseudonymTests(RetentionTests.SmallBatchFactory app) : IClassFixture<RetentionTests.SmallBatchFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private AttemptRetention Retention => app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AttemptRetention>().Single();

    [Fact]
    public async Task Old_addresses_become_one_pseudonym_per_address_in_batches_and_newer_rows_keep_theirs()
    {
        var now = app.Time.GetUtcNow();
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        string[] old = ["203.0.113.71", "203.0.113.72", "2001:db8::71"];
        await app.WithDbAsync(db =>
        {
            foreach (var address in old)
            {
                db.LoginAttempts.Add(new LoginAttempt { At = now.AddDays(-35), UserName = $"A-{tag}", Address = address, Outcome = LoginOutcome.WrongPassword });
                db.LoginAttempts.Add(new LoginAttempt { At = now.AddDays(-33), UserName = $"A-{tag}", Address = address, Outcome = LoginOutcome.WrongPassword });
            }

            db.LoginAttempts.Add(new LoginAttempt { At = now.AddDays(-29), UserName = $"A-{tag}", Address = "203.0.113.71", Outcome = LoginOutcome.WrongPassword });
            db.SecurityEvents.Add(new AdminConsole.Core.Audit.SecurityEvent
            {
                At = now.AddDays(-35), Type = AdminConsole.Core.Audit.SecurityEventType.AccountLocked, Actor = "system",
                TargetUserName = $"A-{tag}", Address = "203.0.113.72",
            });
            return db.SaveChangesAsync();
        });

        var run = await Retention.RunAsync(Cancel);
        var again = await Retention.RunAsync(Cancel);

        var rows = await app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == $"A-{tag}").OrderBy(a => a.At).ToListAsync());
        var pseudonymised = rows.Where(a => a.At < now.AddDays(-30)).ToList();
        Assert.All(pseudonymised, a => Assert.StartsWith(AddressPseudonyms.Prefix, a.Address));
        Assert.All(pseudonymised, a => Assert.StartsWith(AddressPseudonyms.KeyPrefix, a.AddressKey));
        Assert.Equal(3, pseudonymised.Select(a => a.Address).Distinct().Count());
        Assert.Equal(3, pseudonymised.Select(a => a.AddressKey).Distinct().Count());
        Assert.All(pseudonymised.GroupBy(a => a.Address), g => Assert.Single(g.Select(a => a.AddressKey).Distinct()));
        Assert.Equal("203.0.113.71", rows[^1].Address);
        // the audit log's old event names the same pseudonym as the attempts, not the address
        var eventAddress = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.TargetUserName == $"A-{tag}").Select(e => e.Address).SingleAsync());
        Assert.StartsWith(AddressPseudonyms.Prefix, eventAddress);
        Assert.Contains(eventAddress, pseudonymised.Select(a => a.Address));
        Assert.True(run.Pseudonymised >= 6);
        Assert.Equal(0, again.Pseudonymised);
        Assert.DoesNotContain(old, a => app.WithDbAsync(db => db.AttemptCounts.AnyAsync(c => c.Name == a && c.Kind == AttemptCountKind.FailuresByAddressDay && c.Period < (now.AddDays(-30).UtcTicks / TimeSpan.TicksPerDay))).Result);
        Assert.True(await app.WithDbAsync(db => db.AttemptCounts.AnyAsync(c => c.Name == "203.0.113.71" && c.Kind == AttemptCountKind.FailuresByAddressDay)));
    }

    [Fact]
    public async Task Old_addresses_beside_the_attempts_get_the_same_pseudonym_and_recent_ones_stay()
    {
        var now = app.Time.GetUtcNow();
        var email = await app.CreateUserAsync();
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        var key = user.NormalizedUserName!;
        await app.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now.AddDays(-40)).SetProperty(u => u.LastSignInAddress, "198.51.100.61"));
            db.AccountLockouts.Add(new AdminConsole.Core.Lockout.AccountLockout { Key = key, UserId = user.Id, LastFailureAt = now.AddDays(-40), LastFailureAddress = "198.51.100.62" });
            db.KnownDevices.Add(new AdminConsole.Core.Lockout.KnownDevice
            {
                Id = Guid.NewGuid().ToString("N").PadRight(AdminConsole.Core.Lockout.KnownDevice.IdLength, 'o'), UserId = user.Id, AccountKey = key,
                CreatedAt = now.AddDays(-50), LastSeenAt = now.AddDays(-40), Address = "198.51.100.63",
            });
            db.KnownDevices.Add(new AdminConsole.Core.Lockout.KnownDevice
            {
                Id = Guid.NewGuid().ToString("N").PadRight(AdminConsole.Core.Lockout.KnownDevice.IdLength, 'n'), UserId = user.Id, AccountKey = key,
                CreatedAt = now.AddDays(-50), LastSeenAt = now.AddDays(-2), Address = "198.51.100.64",
            });
            db.UserSessions.Add(new AdminConsole.Core.Sessions.UserSession { Id = Guid.NewGuid().ToString("N"), UserId = user.Id, CreatedAt = now.AddDays(-41), LastSeenAt = now.AddDays(-40), Address = "198.51.100.61" });
            return await db.SaveChangesAsync();
        });

        await Retention.RunAsync(Cancel);

        byte[] secret;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            secret = await scope.ServiceProvider.GetRequiredService<AddressPseudonyms>().KeyAsync(Cancel);
        }

        string P(string address) => AddressPseudonyms.Of(secret, address).Address;
        Assert.Equal(P("198.51.100.61"), await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LastSignInAddress).SingleAsync()));
        Assert.Equal(P("198.51.100.62"), await app.WithDbAsync(db => db.AccountLockouts.Where(l => l.Key == key).Select(l => l.LastFailureAddress).SingleAsync()));
        Assert.Equal(P("198.51.100.61"), await app.WithDbAsync(db => db.UserSessions.Where(x => x.UserId == user.Id).Select(x => x.Address).SingleAsync()));
        var devices = await app.WithDbAsync(db => db.KnownDevices.Where(d => d.UserId == user.Id).OrderBy(d => d.LastSeenAt).Select(d => d.Address).ToListAsync());
        Assert.Equal([P("198.51.100.63"), "198.51.100.64"], devices);
    }

    [Fact]
    public async Task Address_filters_never_match_or_break_on_pseudonymised_rows()
    {
        var now = app.Time.GetUtcNow();
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await app.WithDbAsync(db =>
        {
            db.LoginAttempts.Add(new LoginAttempt { At = now.AddDays(-35), UserName = $"F-{tag}", Address = "203.0.113.81", Outcome = LoginOutcome.WrongPassword });
            return db.SaveChangesAsync();
        });
        await Retention.RunAsync(Cancel);

        await using var scope = app.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<AttemptQueries>();
        var exact = await queries.ListAsync(new AttemptQuery(UserName: $"F-{tag}", Address: "203.0.113.81"), Cancel);
        var range = await queries.ListAsync(new AttemptQuery(UserName: $"F-{tag}", Address: "203.0.113.0/24"), Cancel);
        var all = await queries.ListAsync(new AttemptQuery(UserName: $"F-{tag}"), Cancel);

        Assert.Empty(exact.Items);
        Assert.Empty(range.Items);
        Assert.StartsWith(AddressPseudonyms.Prefix, Assert.Single(all.Items).Address);
        Assert.Empty(await queries.TargetsOfAsync(all.Items[0].Address, Cancel));
    }

    [Fact]
    public async Task The_key_survives_a_restart_on_the_same_database()
    {
        byte[] before;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            before = await scope.ServiceProvider.GetRequiredService<AddressPseudonyms>().KeyAsync(Cancel);
        }

        await using var restarted = new SameDatabaseFactory(app);
        await using var other = restarted.Services.CreateAsyncScope();
        var after = await other.ServiceProvider.GetRequiredService<AddressPseudonyms>().KeyAsync(Cancel);

        Assert.Equal(before, after);
        Assert.Equal(AddressPseudonyms.Of(before, "203.0.113.9"), AddressPseudonyms.Of(after, "203.0.113.9"));
        Assert.Equal(1, await app.WithDbAsync(db => db.ServerSecrets.CountAsync(k => k.Name == AddressPseudonyms.KeyName)));
    }

    [Fact]
    public void Address_days_longer_than_attempt_days_are_refused_at_start()
    {
        using var factory = new AppFactory();
        factory.Settings["Retention:AddressDays"] = "181";

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("Retention:AddressDays must be from 1 to Retention:AttemptDays", error.ToString());
    }

    /// <summary>A second host on the first one's database file: what a restart (or another instance) sees.</summary>
    private sealed class SameDatabaseFactory : AppFactory
    {
        public SameDatabaseFactory(RetentionTests.SmallBatchFactory first)
            : base(first.Path)
        {
            KeepDatabase = true; // the first host's
        }
    }
}
