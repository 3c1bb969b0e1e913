using System.Diagnostics;
using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Notifications;
using AdminConsole.Core.Policy;
using AdminConsole.Protection;
using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Two instances of the app on Kestrel (real loopback ports) over one database (SQLite file or PostgreSQL), sharing a real Redis (Debian's
/// redis-server on a free loopback port). Their clocks are fake and never advance, so the 30-second refreshes never
/// run: whatever reaches the other instance here went through Redis.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public const int SignInLimit = 6;

    private readonly string database = Path.Combine(Path.GetTempPath(), $"adminconsole-two-{Guid.NewGuid():N}.db");

    public RedisServer Redis { get; } = new();

    public Instance A { get; private set; } = null!;

    public Instance B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Redis.StartAsync();
        A = await StartInstanceAsync();
        B = await StartInstanceAsync();
    }

    /// <summary>Another instance on the same database and Redis (which may be down).</summary>
    public async Task<Instance> StartInstanceAsync()
    {
        var instance = new Instance(database, Redis.ConnectionString + ",connectTimeout=1000");
        await instance.InitializeAsync();
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        Redis.Dispose();
        await TestDatabase.DeleteAsync(database);
    }

    /// <summary>One instance: the shared database file and Redis, a small sign-in limit so sharing shows.</summary>
    public sealed class Instance : KestrelAppFactory
    {
        public Instance(string database, string redis)
            : base(database)
        {
            KeepDatabase = true; // the fixture removes the shared database after the last instance
            Settings["ConnectionStrings:Redis"] = redis;
            Settings["RateLimits:SignIn:PermitLimit"] = SignInLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Settings["RateLimits:SignIn:Window"] = "00:01:00";
        }

        public async Task<ConsoleActor> AdminAsync()
        {
            var email = await CreateUserAsync(role: AppRoles.SecurityAdmin);
            return new ConsoleActor(email, IsAdmin: true, "127.0.0.1");
        }

        public async Task<IpRule> AddDenyRuleAsync(string network, ConsoleActor admin)
        {
            await using var scope = Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<AddressRuleService>()
                .AddAsync(new NewAddressRule(network, IpRuleKind.Deny, "seen attacking", null), admin, TestContext.Current.CancellationToken);
            Assert.True(result.Succeeded, result.Message);
            return result.Value!;
        }

        public async Task<JsonElement> ReadyAsync()
        {
            using var client = SocketClient();
            using var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
        }

        public async Task<string?> RedisStatusAsync() =>
            (await ReadyAsync()).GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "redis").GetProperty("status").GetString();
    }
}

/// <summary>
/// What makes N instances one system (Redis shared between them): locks and blocks hold everywhere, a change on one
/// instance applies on the other within a second, request limits are shared, the bell rings everywhere, and a Redis
/// outage degrades to per-instance limits without failing open, then recovers by itself.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class MultiInstanceTests(TwoInstances instances, ITestOutputHelper output) : IClassFixture<TwoInstances>
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TwoInstances.Instance A => instances.A;

    private TwoInstances.Instance B => instances.B;

    /// <summary>Polls until <paramref name="done"/> holds, at most <paramref name="limit"/>; returns how long it took.</summary>
    private static async Task<TimeSpan> TimeUntilAsync(Func<Task<bool>> done, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(watch.Elapsed < limit, $"not within {limit.TotalSeconds} s");
            await Task.Delay(10, Cancel);
        }

        return watch.Elapsed;
    }

    /// <summary>A cheap request (no password hash), so polling measures the rule's arrival, not the poll.</summary>
    private static async Task<bool> BlockedAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/live", Cancel);
        return response.StatusCode == HttpStatusCode.Forbidden;
    }

    private static async Task<HttpStatusCode> LoginStatusAsync(HttpClient client, string email, string password)
    {
        using var response = await client.LoginAsync(email, password);
        return response.StatusCode;
    }

    [Fact]
    public async Task Ready_includes_Redis_with_details_only_for_console_roles()
    {
        var redis = (await A.ReadyAsync()).GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "redis");
        Assert.Equal(JsonValueKind.Null, redis.GetProperty("description").ValueKind);

        using var viewer = await SignedInAsync(A, "127.0.1.60", await A.CreateUserAsync(role: AppRoles.SecurityViewer));
        using var response = await viewer.GetAsync("/health/ready", Cancel);
        var detailed = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement
            .GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "redis");
        Assert.StartsWith("Redis answers in", detailed.GetProperty("description").GetString());
    }

    [Fact]
    public async Task An_account_locked_on_A_is_refused_on_B()
    {
        var email = await A.CreateUserAsync();
        using var attacker = A.SocketClient("127.0.1.1");
        using var locked = await attacker.FailTimesAsync(email, 5);
        Assert.Equal((HttpStatusCode)423, locked.StatusCode);

        using var owner = B.SocketClient("127.0.1.2");
        Assert.Equal((HttpStatusCode)423, await LoginStatusAsync(owner, email, TestPasswords.Good));
    }

    [Fact]
    public async Task An_address_rule_added_on_A_blocks_on_B_within_a_second()
    {
        var admin = await A.AdminAsync();
        using var client = B.SocketClient("127.0.1.10");
        Assert.False(await BlockedAsync(client));

        var watch = Stopwatch.StartNew();
        await A.AddDenyRuleAsync("127.0.1.10", admin);
        await TimeUntilAsync(() => BlockedAsync(client), Second);
        var took = watch.Elapsed;
        Assert.True(took < Second, $"{took}");
        Assert.Equal(HttpStatusCode.Forbidden, await LoginStatusAsync(client, "nobody@example.com", TestPasswords.Wrong));

        output.WriteLine($"rule added on A blocks on B {took.TotalMilliseconds:0} ms after A started adding it");
    }

    [Fact]
    public async Task A_policy_change_on_A_applies_on_B_within_a_second()
    {
        var admin = await A.AdminAsync();
        var limits = B.Services.GetRequiredService<IOptionsMonitor<RateLimitOptions>>();
        var changed = JsonSerializer.Deserialize<RateLimitOptions>(JsonSerializer.Serialize(limits.CurrentValue))!;
        changed.Registration.PermitLimit = limits.CurrentValue.Registration.PermitLimit + 2;

        await using (var scope = A.Services.CreateAsyncScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<PolicyService>().SaveAsync(RateLimitOptions.Section, changed, "more room", admin, Cancel);
            Assert.True(saved.Succeeded, saved.Message);
        }

        var took = await TimeUntilAsync(() => Task.FromResult(limits.CurrentValue.Registration.PermitLimit == changed.Registration.PermitLimit), Second);
        output.WriteLine($"policy changed on A applies on B after {took.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_session_ended_on_A_is_refused_on_B_within_a_second()
    {
        var email = await A.CreateUserAsync();
        using var browserOnB = await SignedInAsync(B, "127.0.1.20", email);
        using var browserOnA = await SignedInAsync(A, "127.0.1.21", email);
        using (var cached = await browserOnB.GetAsync("/api/account/sessions", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode); // B now holds the ticket in its cache (2 s)
        }

        using var ended = await browserOnA.PostAsync("/api/account/sessions/sign-out-others", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        var took = await TimeUntilAsync(async () =>
        {
            using var response = await browserOnB.GetAsync("/api/account/sessions", Cancel);
            return response.StatusCode == HttpStatusCode.Unauthorized;
        }, Second);

        output.WriteLine($"session ended on A refused on B after {took.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_request_limit_is_shared_by_both_instances()
    {
        using var onA = A.SocketClient("127.0.1.30");
        using var onB = B.SocketClient("127.0.1.30");
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 2 * TwoInstances.SignInLimit; i++)
        {
            answers.Add(await (i % 2 == 0 ? onA : onB).LoginAsync("nobody-limited@example.com", TestPasswords.Wrong));
        }

        Assert.Equal(TwoInstances.SignInLimit, answers.Count(a => a.StatusCode != HttpStatusCode.TooManyRequests));
        Assert.All(answers.Skip(TwoInstances.SignInLimit), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.Equal("0", answers[^1].Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal(TwoInstances.SignInLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), answers[^1].Headers.GetValues("RateLimit-Limit").Single());
        Assert.InRange(int.Parse(answers[^1].Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal((TwoInstances.SignInLimit - 3).ToString(System.Globalization.CultureInfo.InvariantCulture), answers[2].Headers.GetValues("RateLimit-Remaining").Single());
        answers.ForEach(a => a.Dispose());
        Assert.Equal("per client, shared by every instance", A.Services.GetRequiredService<RateLimitWindows>().Counting); // the Policy page's words
    }

    [Fact]
    public void Without_Redis_configured_the_limits_are_said_to_count_per_instance()
    {
        Assert.Equal("per client, per instance", new RateLimitWindows(new ServiceCollection().BuildServiceProvider()).Counting);
    }

    [Fact]
    public async Task The_bell_on_B_rises_when_an_account_locks_on_A()
    {
        var email = await A.CreateUserAsync();
        var rang = new TaskCompletionSource<NotificationSignal>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnPublished(NotificationSignal s)
        {
            if (s.Type == NotificationType.AccountLocked && s.Title.Contains(email, StringComparison.OrdinalIgnoreCase))
            {
                rang.TrySetResult(s);
            }
        }

        var hub = B.Services.GetRequiredService<NotificationHub>();
        hub.Published += OnPublished;
        try
        {
            using var attacker = A.SocketClient("127.0.1.40");
            (await attacker.FailTimesAsync(email, 4)).Dispose();
            var watch = Stopwatch.StartNew();
            using var locked = await attacker.LoginAsync(email, TestPasswords.Wrong);
            Assert.Equal((HttpStatusCode)423, locked.StatusCode);

            var signal = await rang.Task.WaitAsync(Second, Cancel);
            output.WriteLine($"bell on B rang {watch.Elapsed.TotalMilliseconds:0} ms after the locking request was sent to A");
            Assert.Equal(SecurityEventSeverity.Warning, signal.Severity);
        }
        finally
        {
            hub.Published -= OnPublished;
        }
    }

    [Fact]
    public void A_puzzle_solution_spent_on_A_is_refused_on_B()
    {
        var puzzle = A.Services.GetRequiredService<SignInPuzzle>().Issue();
        var proof = SignInPuzzle.Solve(puzzle);

        Assert.True(A.Services.GetRequiredService<SignInPuzzle>().TryRedeem(proof));
        Assert.False(B.Services.GetRequiredService<SignInPuzzle>().TryRedeem(proof));
    }

    [Fact]
    public async Task Without_Redis_sign_in_and_lockout_go_on_limits_count_per_instance_and_sharing_resumes_when_it_returns()
    {
        var admin = await A.AdminAsync();
        var owner = await A.CreateUserAsync();
        var victim = await A.CreateUserAsync();

        instances.Redis.Stop();
        TwoInstances.Instance? late = null;
        try
        {
            await TimeUntilAsync(async () => await A.RedisStatusAsync() == "Degraded" && await B.RedisStatusAsync() == "Degraded", TimeSpan.FromSeconds(10));
            Assert.Equal("Degraded", (await A.ReadyAsync()).GetProperty("status").GetString());

            // Sign-in goes on, and lockout never fails open: it lives in the database.
            using var ownerClient = A.SocketClient("127.0.1.50");
            Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(ownerClient, owner, TestPasswords.Good));
            using var attacker = B.SocketClient("127.0.1.51");
            using var locked = await attacker.FailTimesAsync(victim, 5);
            Assert.Equal((HttpStatusCode)423, locked.StatusCode);
            using var elsewhere = A.SocketClient("127.0.1.52");
            Assert.Equal((HttpStatusCode)423, await LoginStatusAsync(elsewhere, victim, TestPasswords.Good));

            // Request limits count per instance: each instance still stops the client at the limit.
            using var limitedOnA = A.SocketClient("127.0.1.53");
            using var limitedOnB = B.SocketClient("127.0.1.53");
            var onA = new List<HttpStatusCode>();
            for (var i = 0; i <= TwoInstances.SignInLimit; i++)
            {
                onA.Add(await LoginStatusAsync(limitedOnA, "nobody-down@example.com", TestPasswords.Wrong));
            }

            Assert.Equal(TwoInstances.SignInLimit, onA.Count(s => s != HttpStatusCode.TooManyRequests));
            Assert.Equal(HttpStatusCode.TooManyRequests, onA[^1]);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await LoginStatusAsync(limitedOnB, "nobody-down@example.com", TestPasswords.Wrong));
            Assert.Equal("per client, per instance while Redis is unreachable", A.Services.GetRequiredService<RateLimitWindows>().Counting);

            // One Warning notification for the outage, however many instances and requests saw it.
            await TimeUntilAsync(async () => await A.WithDbAsync(db => db.SecurityEvents.CountAsync(e => e.Type == SecurityEventType.SharedStateUnavailable, Cancel)) == 2, TimeSpan.FromSeconds(5));
            var notification = Assert.Single(await A.WithDbAsync(db => db.AdminNotifications.Where(n => n.Type == NotificationType.SharedStateUnavailable).ToListAsync(Cancel)));
            Assert.Equal(SecurityEventSeverity.Warning, notification.Severity);
            Assert.Equal(2, notification.Count);

            // An instance that starts while Redis is down starts all the same.
            late = await instances.StartInstanceAsync();
            Assert.Equal("Degraded", await late.RedisStatusAsync());
        }
        finally
        {
            await instances.Redis.StartAsync();
        }

        await using var c = late;

        var back = await TimeUntilAsync(async () => await A.RedisStatusAsync() == "Healthy" && await B.RedisStatusAsync() == "Healthy" && await c.RedisStatusAsync() == "Healthy", TimeSpan.FromSeconds(15));
        output.WriteLine($"both instances healthy {back.TotalMilliseconds:0} ms after Redis restarted");
        Assert.Equal("Healthy", (await B.ReadyAsync()).GetProperty("status").GetString());

        using var client = B.SocketClient("127.0.1.54");
        using var clientOfLate = c.SocketClient("127.0.1.54");
        var watch = Stopwatch.StartNew();
        await A.AddDenyRuleAsync("127.0.1.54", admin);
        await TimeUntilAsync(async () => await BlockedAsync(client) && await BlockedAsync(clientOfLate), Second);
        var took = watch.Elapsed;
        Assert.True(took < Second, $"{took}");
        output.WriteLine($"after the outage, a rule added on A blocks on B and on an instance started during it after {took.TotalMilliseconds:0} ms");
        Assert.Equal(1, await A.WithDbAsync(db => db.AdminNotifications.CountAsync(n => n.Type == NotificationType.SharedStateUnavailable, Cancel)));
        Assert.True(await A.WithDbAsync(db => db.SecurityEvents.CountAsync(e => e.Type == SecurityEventType.SharedStateRestored, Cancel)) >= 2);
    }

    /// <summary>
    /// Signs in over the API from <paramref name="source"/> and keeps the cookies by hand: they are Secure, which a
    /// cookie container would not send back over the plain-HTTP loopback connection.
    /// </summary>
    private static async Task<HttpClient> SignedInAsync(TwoInstances.Instance instance, string source, string email)
    {
        var client = instance.SocketClient(source);
        using var response = await client.LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));
        client.DefaultRequestHeaders.Add("Sec-Fetch-Site", "same-origin");
        return client;
    }
}
