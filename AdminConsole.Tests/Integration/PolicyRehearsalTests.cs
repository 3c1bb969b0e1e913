using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Policy;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// The policy rehearsal replays stored attempts with the sign-in's own decisions: the policy in force, replayed over
/// a scenario driven through the real sign-in, does what sign-in did.
/// </summary>
public sealed class PolicyRehearsalTests(PolicyRehearsalTests.Scenario scenario) : IClassFixture<PolicyRehearsalTests.Scenario>
{
    /// <summary>One account attacked into tier 2 and signed in by its owner's device while locked; an address blocked.</summary>
    public sealed class Scenario : AppFactory
    {
        public string Owner { get; private set; } = "";

        public DateTimeOffset From { get; } = Start.AddHours(-1);

        public DateTimeOffset To => Time.GetUtcNow().AddHours(1);

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            Owner = await CreateUserAsync();
            using var owner = Client("10.77.0.1");
            owner.DefaultRequestHeaders.UserAgent.ParseAdd("OwnerBrowser/1.0");
            await owner.SignInOnceAsync(Owner);

            Time.Advance(TimeSpan.FromMinutes(1));
            using var first = Client("10.77.0.2");
            first.DefaultRequestHeaders.UserAgent.ParseAdd("AttackBot/1.0");
            Assert.Equal(HttpStatusCode.Locked, (await first.FailTimesAsync(Owner, 5)).StatusCode);
            Time.Advance(TimeSpan.FromMinutes(16));
            using var second = Client("10.77.0.3");
            second.DefaultRequestHeaders.UserAgent.ParseAdd("AttackBot/1.0");
            Assert.Equal(HttpStatusCode.Locked, (await second.FailTimesAsync(Owner, 5)).StatusCode);

            // The owner's device has a lane of its own through the tier lock.
            Time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(HttpStatusCode.OK, (await owner.LoginAsync(Owner, TestPasswords.Good)).StatusCode);

            // Another account: three wrong passwords, under every tier of the policy in force.
            var other = await CreateUserAsync();
            using var typo = Client("10.77.0.5");
            Assert.Equal(HttpStatusCode.Unauthorized, (await typo.FailTimesAsync(other, 3)).StatusCode);

            // One address guessing at names that are not accounts: blocked at the tenth failure.
            using var sprayer = Client("10.77.0.4");
            for (var i = 0; i < 10; i++)
            {
                await sprayer.LoginAsync($"nobody-{i}@example.com", TestPasswords.Wrong);
            }

            Time.Advance(TimeSpan.FromMinutes(1));
        }

        public Task<RehearsalResult> RehearseAsync(RehearsalPolicy candidate, IProgress<int>? progress, CancellationToken cancellationToken) =>
            WithRehearsalAsync(r => r.RunAsync(candidate, From, To, progress, cancellationToken));

        public async Task<T> WithRehearsalAsync<T>(Func<PolicyRehearsal, Task<T>> work)
        {
            await using var scope = Services.CreateAsyncScope();
            return await work(scope.ServiceProvider.GetRequiredService<PolicyRehearsal>());
        }
    }

    [Fact]
    public async Task The_policy_in_force_replayed_locks_and_blocks_what_sign_in_locked_and_blocked()
    {
        var current = await scenario.WithRehearsalAsync(r => Task.FromResult(r.Current()));
        var result = await scenario.RehearseAsync(current, null, TestContext.Current.CancellationToken);

        var events = await scenario.WithDbAsync(db => db.SecurityEvents.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));
        var locked = events.Where(e => e.Type == SecurityEventType.AccountLocked && e.TargetUserId != null)
            .GroupBy(e => JsonDocument.Parse(e.Details!).RootElement.GetProperty("Tier").GetInt32())
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [1] = 1, [2] = 1 }, locked);
        Assert.Equal(locked, result.Current.LocksByTier);
        Assert.Equal(events.Count(e => e.Type == SecurityEventType.AddressBlocked), result.Current.AddressBlocks);
        Assert.Equal(1, result.Current.AddressBlocks);
        Assert.Equal(1, result.Current.AccountsLocked);
        Assert.Equal(1, result.Current.OwnersLockedOut);
        Assert.Equal(0, result.Current.SignInsRefused);
        Assert.Equal(result.Current, result.Candidate with { LocksByTier = result.Current.LocksByTier });
        Assert.Equal(result.Current.LocksByTier, result.Candidate.LocksByTier);
    }

    [Fact]
    public async Task A_stricter_policy_locks_more_and_blocks_sooner()
    {
        var stricter = new RehearsalPolicy(
            new LockoutPolicyOptions
            {
                Tiers = [new() { Failures = 2, Duration = TimeSpan.FromMinutes(15) }, new() { Failures = 4, Duration = TimeSpan.FromHours(1) }, new() { Failures = 6 }],
                MaxConsecutiveFailures = 8,
            },
            new AddressBlockingOptions { Failures = 3 });

        var result = await scenario.RehearseAsync(stricter, null, TestContext.Current.CancellationToken);

        Assert.True(result.Candidate.Locks > result.Current.Locks, $"{result.Candidate.Locks} locks against {result.Current.Locks}");
        Assert.True(result.Candidate.AddressBlocks > result.Current.AddressBlocks);
        Assert.True(result.Candidate.AccountsLocked > result.Current.AccountsLocked);
    }

    [Fact]
    public async Task The_step_up_threshold_is_rehearsed_on_the_scores_each_sign_in_stored()
    {
        var current = await scenario.WithRehearsalAsync(r => Task.FromResult(r.Current()));
        var lower = current with { Risk = new RiskOptions { StepUpAbove = 20 } };

        var result = await scenario.RehearseAsync(lower, null, TestContext.Current.CancellationToken);

        var above = await scenario.WithDbAsync(db => db.LoginAttempts.CountAsync(a => a.At >= scenario.From && a.At < scenario.To && a.RiskScore > 20, TestContext.Current.CancellationToken));
        Assert.True(above > 0, "the scenario's attacks scored nothing above 20");
        Assert.Equal(above, result.Candidate.SignInsSteppedUp);
        Assert.Equal(0, result.Current.SignInsSteppedUp); // the tests' policy in force: Risk:StepUpAbove 100, off
        var errors = await scenario.WithRehearsalAsync(r => Task.FromResult(r.Validate(current with { Risk = new RiskOptions { StepUpAbove = 101 } })));
        Assert.Contains(errors, e => e.Contains("Risk:StepUpAbove", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_policy_is_refused_with_the_key_named()
    {
        var invalid = new RehearsalPolicy(
            new LockoutPolicyOptions { Tiers = [new() { Failures = 10, Duration = TimeSpan.FromMinutes(15) }, new() { Failures = 5 }] },
            new AddressBlockingOptions());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => scenario.RehearseAsync(invalid, null, TestContext.Current.CancellationToken));

        Assert.Contains("Lockout:Tiers", error.Message);
    }

    [Fact]
    public async Task A_cancelled_rehearsal_stops_with_the_token()
    {
        var current = await scenario.WithRehearsalAsync(r => Task.FromResult(r.Current()));
        using var cancellation = new CancellationTokenSource();
        var progress = new Immediate(_ => cancellation.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scenario.RehearseAsync(current, progress, cancellation.Token));
    }

    [Fact]
    public async Task Progress_runs_to_100_percent()
    {
        var current = await scenario.WithRehearsalAsync(r => Task.FromResult(r.Current()));
        var seen = new List<int>();

        var result = await scenario.RehearseAsync(current, new Immediate(seen.Add), TestContext.Current.CancellationToken);

        Assert.Equal(0, seen[0]);
        Assert.Equal(100, seen[^1]);
        Assert.True(result.Attempts >= 21);
    }

    /// <summary>Progress reported on the caller's thread at once (Progress&lt;T&gt; posts later).</summary>
    private sealed class Immediate(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
