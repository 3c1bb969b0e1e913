using System.Diagnostics;
using System.Text.Json;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Data;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// What only a server database shows: several instances writing at once, starting at once, and the server going
/// away in the middle of an attack and coming back. Each test runs its own PostgreSQL cluster (it stops it) and its
/// own instances on Kestrel; the instances share a real Redis where the deployment shape has one.
/// </summary>
public sealed class PostgreSqlServerTests : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // Durable, as production is: the outage test crashes the server and counts what survived.
    private readonly PostgresServer server = new(durable: true);
    private readonly List<IAsyncDisposable> started = [];

    public async ValueTask InitializeAsync() => await server.StartAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(started))
        {
            await item.DisposeAsync();
        }

        await server.DisposeAsync();
    }

    /// <summary>An instance on <paramref name="connectionString"/>: clients from 127.0.0.0/8 are exempt from address blocks, not from lockout.</summary>
    private Instance NewInstance(string connectionString, string? redis = null)
    {
        var instance = new Instance(connectionString, redis);
        started.Add(instance);
        return instance;
    }

    [Fact]
    public async Task Three_instances_started_at_once_on_an_empty_database_migrate_it_once()
    {
        var database = await server.CreateDatabaseAsync("empty_at_start");
        var instances = Enumerable.Range(0, 3).Select(_ => NewInstance(database)).ToList();

        await Task.WhenAll(instances.Select(i => Task.Run(() => i.Launch(), Cancel)));

        var applied = await instances[0].WithDbAsync(db => db.Database.GetAppliedMigrationsAsync(Cancel));
        Assert.Equal(instances[0].Services.GetRequiredService<SecurityDbContext>().Database.GetMigrations(), applied);
        foreach (var instance in instances)
        {
            using var ready = await instance.SocketClient().GetAsync("/health/ready", Cancel);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
    }

    [Fact]
    public async Task Three_hundred_parallel_wrong_passwords_split_over_three_instances_count_exactly()
    {
        using var redis = new RedisServer();
        await redis.StartAsync();
        var database = await server.CreateDatabaseAsync("three_instances");
        var instances = Enumerable.Range(0, 3).Select(_ => NewInstance(database, redis.ConnectionString)).ToList();
        foreach (var instance in instances)
        {
            instance.Launch();
        }

        var email = await instances[0].CreateUserAsync();
        var clients = instances.Select(i => i.SocketClient("127.0.3.1")).ToList();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async n =>
        {
            using var response = await clients[n % 3].LoginAsync(email, TestPasswords.Wrong);
            return response.StatusCode;
        }));

        // Every request is answered as counted (401, then 423 once locked) or refused as busy (503, counted
        // nowhere: a machine short of CPU sheds some of a burst this size), never let through or lost.
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Locked, HttpStatusCode.ServiceUnavailable }));
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        var answered = statuses.Count(s => s != HttpStatusCode.ServiceUnavailable);
        var key = email.ToUpperInvariant();
        var outcomes = await instances[1].WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == key).Select(a => a.Outcome).ToListAsync(Cancel));
        Assert.Equal(answered, outcomes.Count);
        Assert.Equal(5, outcomes.Count(o => o == LoginOutcome.WrongPassword));
        Assert.Equal(answered - 5, outcomes.Count(o => o == LoginOutcome.LockedOut));
        var state = await instances[2].WithDbAsync(db => db.AccountLockouts.SingleAsync(l => l.Key == key, Cancel));
        Assert.Equal(5, state.Failures);
        Assert.Equal(1, state.Tier);

        // The counts trigger took every one of the concurrent inserts.
        var counted = await instances[0].WithDbAsync(db => db.AttemptCounts
            .Where(c => c.Kind == AttemptCountKind.FailuresByAccountDay && c.Name == key).SumAsync(c => c.Count, Cancel));
        Assert.Equal(answered, counted);
        TestContext.Current.SendDiagnosticMessage($"300 parallel over 3 instances: {answered} counted, {300 - answered} shed with 503");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task When_the_server_stops_mid_attack_sign_ins_fail_closed_fast_and_recover_when_it_returns()
    {
        var instance = NewInstance(await server.CreateDatabaseAsync("outage"));
        instance.Launch();
        var email = await instance.CreateUserAsync();
        using var attacker = instance.SocketClient("127.0.4.1");
        var answers = new List<(HttpStatusCode Status, TimeSpan Took, bool RetryAfter)>();

        async Task AttackAsync(int times)
        {
            for (var i = 0; i < times; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await attacker.LoginAsync(email, TestPasswords.Wrong);
                answers.Add((response.StatusCode, watch.Elapsed, response.Headers.RetryAfter is not null));
            }
        }

        await AttackAsync(3);
        await server.StopAsync();
        await AttackAsync(4);

        var down = answers.Skip(3).ToList();
        Assert.All(down, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status));
        Assert.All(down, a => Assert.True(a.RetryAfter, "503 carries Retry-After"));
        Assert.All(down, a => Assert.True(a.Took < TimeSpan.FromSeconds(5), $"answered in {a.Took.TotalSeconds:0.0} s"));
        using (var ready = await instance.SocketClient().GetAsync("/health/ready", Cancel))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var database = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Cancel)).RootElement
                .GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database");
            Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        }

        // The server comes back on the same port: the same process serves sign-ins again, without a restart.
        await server.StartAsync();
        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            answers.Add(((await attacker.LoginAsync(email, TestPasswords.Wrong)).StatusCode, TimeSpan.Zero, false));
            status = answers[^1].Status;
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "sign-in did not recover within 20 s of the server's return");
        }
        while (status == HttpStatusCode.ServiceUnavailable);

        // Every answer that said "counted" (401, then 423 once locked) has its attempt, and only those: nothing was
        // lost in the outage and nothing refused with a 503 was counted.
        var recorded = answers.Count(a => a.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Locked);
        var attempts = await instance.WithDbAsync(db => db.LoginAttempts.CountAsync(a => a.UserName == email.ToUpperInvariant(), Cancel));
        var counted = await instance.WithDbAsync(db => db.LoginAttempts.CountAsync(a => a.UserName == email.ToUpperInvariant() && a.Outcome == LoginOutcome.WrongPassword, Cancel));
        var state = await instance.WithDbAsync(db => db.AccountLockouts.SingleAsync(l => l.Key == email.ToUpperInvariant(), Cancel));
        Assert.True(recorded == attempts, $"answers {string.Join(", ", answers.Select(a => (int)a.Status))}; {attempts} attempts recorded");
        Assert.Equal(counted, state.Failures);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        using var ok = await instance.SocketClient().GetAsync("/health/ready", Cancel);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private sealed class Instance : KestrelAppFactory
    {
        public Instance(string connectionString, string? redis)
        {
            Settings["Database:Provider"] = nameof(DatabaseProvider.PostgreSql);
            Settings["ConnectionStrings:AdminConsole"] = connectionString;
            Settings["Network:AllowList:0"] = "127.0.0.0/8";
            if (redis is not null)
            {
                Settings["ConnectionStrings:Redis"] = redis;
            }

            KeepDatabase = true; // the test's own cluster is removed whole
        }

        public void Launch() => StartServer();
    }
}
