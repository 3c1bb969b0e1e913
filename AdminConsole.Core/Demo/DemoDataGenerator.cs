using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;

namespace AdminConsole.Core.Demo;

/// <summary>
/// Fills a database with believable history so the console has something to show: two weeks of office-hours
/// sign-ins, a password spray from one address, a distributed attack on one account, accounts in every lockout
/// tier, and blocked addresses. The same generator makes millions of attempts for benchmarks. Deterministic
/// for a given seed.
/// </summary>
public sealed class DemoDataGenerator(Audit.ISecurityEventLog eventLog, SecurityDbContext db, UserManager<AppUser> users, LockoutPolicy policy, TimeProvider time)
{
    public const string Password = "demo-user-password-2026";
    private static readonly string[] InsertParameters = ["$at", "$hour", "$name", "$id", "$address", "$key", "$agent", "$outcome", "$tier", "$count", "$automated"];

    private static readonly string[] Agents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "python-requests/2.32.3",
    ];

    /// <summary>Writes the demo data; returns how many attempts were written.</summary>
    public async Task<long> GenerateAsync(int attempts, int accounts, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var random = new Random(20261123);
        var now = time.GetUtcNow();
        var people = await CreateAccountsAsync(accounts, cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        long written = 0;
        var batch = new List<LoginAttempt>(50_000);
        async Task FlushAsync()
        {
            if (db.Database.IsSqlite())
            {
                await InsertSqliteAsync(batch, cancellationToken);
            }
            else
            {
                db.LoginAttempts.AddRange(batch);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            written += batch.Count;
            batch.Clear();
            progress?.Report(written);
        }

        if (db.Database.IsSqlite())
        {
            // The bulk load reads and rewrites the same index and count pages batch after batch: a 256 MB page
            // cache on this connection keeps them in memory (1M attempts: 144 s before, 84 s after). The
            // connection goes back to the pool afterwards, so the default is restored below.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144;", cancellationToken);
        }

        var span = TimeSpan.FromDays(14);
        var attackers = new[] { "198.18.7.23", "198.18.7.24", "2001:db8:bad::7" };
        for (var i = 0; i < attempts; i++)
        {
            // office hours are busiest; nights are quiet
            var at = now - TimeSpan.FromTicks((long)(random.NextDouble() * span.Ticks));
            var hour = at.UtcDateTime.Hour;
            if ((hour < 6 || hour > 19) && random.NextDouble() < 0.7)
            {
                at = at.AddHours(random.Next(8, 12) - hour);
                at = at > now ? now.AddMinutes(-random.Next(1, 600)) : at;
            }

            var person = people[random.Next(people.Count)];
            var roll = random.NextDouble();
            var (outcome, name, userId, address) = roll switch
            {
                < 0.86 => (LoginOutcome.Succeeded, person.Key, person.Id, $"10.20.{random.Next(0, 8)}.{random.Next(2, 250)}"),
                < 0.94 => (LoginOutcome.WrongPassword, person.Key, person.Id, $"10.20.{random.Next(0, 8)}.{random.Next(2, 250)}"),
                < 0.97 => (LoginOutcome.UnknownUser, $"USER{random.Next(1, 500)}@EXAMPLE.COM", (string?)null, $"203.0.113.{random.Next(1, 254)}"),
                < 0.99 => (LoginOutcome.LockedOut, person.Key, person.Id, attackers[random.Next(attackers.Length)]),
                _ => (LoginOutcome.RequiresTwoFactor, person.Key, person.Id, $"10.20.{random.Next(0, 8)}.{random.Next(2, 250)}"),
            };
            batch.Add(new LoginAttempt { At = at, UserName = name, UserId = userId, Address = address, Outcome = outcome, UserAgent = Agents[random.Next(3)] });
            if (batch.Count == batch.Capacity)
            {
                await FlushAsync();
            }
        }

        // A password spray: one address, one password, many accounts, yesterday afternoon.
        var sprayStart = now.AddDays(-1).AddHours(-3);
        foreach (var (person, n) in people.Select((p, n) => (p, n)))
        {
            batch.Add(new LoginAttempt { At = sprayStart.AddSeconds(n * 7), UserName = person.Key, UserId = person.Id, Address = attackers[0], Outcome = LoginOutcome.WrongPassword, UserAgent = Agents[3] });
        }

        // A distributed attack on the first account: many addresses, a few hours ago.
        for (var n = 0; n < 60; n++)
        {
            batch.Add(new LoginAttempt
            {
                At = now.AddHours(-4).AddSeconds(n * 40),
                UserName = people[0].Key,
                UserId = people[0].Id,
                Address = $"198.51.100.{n + 10}",
                Outcome = n < 5 ? LoginOutcome.WrongPassword : LoginOutcome.LockedOut,
                UserAgent = Agents[3],
            });
        }

        await FlushAsync();
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000;", cancellationToken); // SQLite's default again
        }

        await LockSomeAsync(people, now, cancellationToken);
        await BlockSomeAsync(attackers, now, cancellationToken);
        return written;
    }

    private async Task<List<(string Key, string Id)>> CreateAccountsAsync(int count, CancellationToken cancellationToken)
    {
        string[] first = ["ada", "grace", "alan", "barbara", "ken", "margaret", "linus", "radia", "dennis", "frances", "edsger", "hedy"];
        string[] last = ["lovelace", "hopper", "turing", "liskov", "thompson", "hamilton", "torvalds", "perlman", "ritchie", "allen", "dijkstra", "lamarr"];
        var people = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var email = $"{first[i % first.Length]}.{last[(i / first.Length + i) % last.Length]}{(i >= first.Length ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}@example.com";
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, LastSignInAt = time.GetUtcNow().AddHours(-i), LastSignInAddress = $"10.20.0.{i + 2}" };
                var result = await users.CreateAsync(user, Password);
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Demo account {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
                }
            }

            people.Add((user.NormalizedUserName!, user.Id));
        }

        return people;
    }

    /// <summary>Accounts in every tier: two temporary locks, one for an hour, one until unlocked.</summary>
    private async Task LockSomeAsync(List<(string Key, string Id)> people, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tiers = policy.Tiers;
        var states = new[] { (Tier: 1, Ago: 5), (Tier: 1, Ago: 9), (Tier: 2, Ago: 20), (Tier: tiers.Count, Ago: 300) };
        foreach (var ((key, id), (tier, ago)) in people.Zip(states))
        {
            var t = tiers[tier - 1];
            var lockedAt = now.AddMinutes(-ago);
            await db.InsertIfMissingAsync(new AccountLockout { Key = key, UserId = id }, cancellationToken);
            var until = LockoutPolicy.LockEnd(t, lockedAt);
            await db.AccountLockouts.Where(l => l.Key == key).ExecuteUpdateAsync(
                s => s.SetProperty(l => l.Failures, t.Failures).SetProperty(l => l.Tier, tier).SetProperty(l => l.LockedAt, lockedAt)
                      .SetProperty(l => l.LockedUntil, until).SetProperty(l => l.LastFailureAt, lockedAt).SetProperty(l => l.LastFailureAddress, "198.18.7.23"),
                cancellationToken);
            var attempt = new LoginAttempt { UserId = id, UserName = key, Address = "198.18.7.23" };
            var details = new AccountLockedDetails(tier, t.Failures, t.Failures, t.Duration is null ? null : until, UntilAdminUnlocks: t.Duration is null, KnownAccount: true);
            await eventLog.AddAsync(db, SecurityEvents.AccountLocked(attempt, $"{t.Failures} failed sign-ins", details, lockedAt), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private async Task BlockSomeAsync(string[] attackers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.IpRules.Add(new IpRule
        {
            Network = attackers[0], Kind = IpRuleKind.Deny, Source = IpRuleSource.Automatic, Reason = "10 failed sign-ins in 15 minutes",
            CreatedBy = SecurityEvent.SystemActor, CreatedAt = now.AddMinutes(-20), ExpiresAt = now.AddMinutes(40),
        });
        db.IpRules.Add(new IpRule
        {
            Network = "198.18.0.0/16", Kind = IpRuleKind.Deny, Source = IpRuleSource.Manual, Reason = "Benchmark network, never legitimate",
            CreatedBy = "admin@adminconsole.local", CreatedAt = now.AddDays(-3),
        });
        db.IpRules.Add(new IpRule
        {
            Network = "10.20.0.0/16", Kind = IpRuleKind.Allow, Source = IpRuleSource.Manual, Reason = "Head office",
            CreatedBy = "admin@adminconsole.local", CreatedAt = now.AddDays(-10),
        });
        await eventLog.AddAsync(db, SecurityEvents.AutomaticBlock(
            SecurityEventType.AddressBlocked, attackers[0], "10 failed sign-ins in 15 minutes", new AutomaticBlockDetails(1, now.AddMinutes(40), TimeSpan.FromHours(1)), now.AddMinutes(-20)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// SQLite: one prepared INSERT reused for the whole batch in one transaction, about ten times faster than
    /// change tracking, so benchmarks can fill millions of rows in minutes. Same columns and values as EF writes,
    /// and the same trigger keeps the dashboard's counts.
    /// </summary>
    private async Task InsertSqliteAsync(List<LoginAttempt> batch, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection(); // opened by GenerateAsync for the whole load
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO LoginAttempts (At, Hour, UserName, UserId, Address, AddressKey, UserAgent, Outcome, Tier, Count, Automated) VALUES ($at, $hour, $name, $id, $address, $key, $agent, $outcome, $tier, $count, $automated)";
        var parameters = InsertParameters.Select(name =>
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = name;
            insert.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        await insert.PrepareAsync(cancellationToken);
        foreach (var a in batch)
        {
            parameters[0].Value = a.At.UtcTicks;
            parameters[1].Value = a.Hour;
            parameters[2].Value = a.UserName;
            parameters[3].Value = (object?)a.UserId ?? DBNull.Value;
            parameters[4].Value = a.Address;
            parameters[5].Value = (object?)a.AddressKey ?? DBNull.Value;
            parameters[6].Value = (object?)a.UserAgent ?? DBNull.Value;
            parameters[7].Value = a.Outcome.ToString();
            parameters[8].Value = a.Tier;
            parameters[9].Value = a.Count;
            parameters[10].Value = a.Automated;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
