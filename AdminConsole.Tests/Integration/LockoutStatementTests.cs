using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Policy;
using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Integration;

/// <summary>The SQL statement that counts failures gives exactly the states the pure policy gives.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class LockoutStatementTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    [Fact]
    public async Task The_counting_statement_matches_the_policy_step_by_step()
    {
        var key = $"STEP-{Guid.NewGuid():N}@EXAMPLE.COM";
        var policy = new LockoutPolicy(new FixedOptions<LockoutPolicyOptions>(new LockoutPolicyOptions { Tiers = LockoutPolicyOptions.DefaultTiers() }));
        var expected = LockoutState.Clean;

        // failures, a success, quiet gaps across the window and across lock ends, up to the admin-only tier
        var steps = new (bool Correct, TimeSpan Then)[]
        {
            (false, TimeSpan.FromMinutes(1)), (false, TimeSpan.FromMinutes(1)), (true, TimeSpan.Zero),
            (false, TimeSpan.FromHours(25)), (false, TimeSpan.FromMinutes(1)), (false, TimeSpan.FromMinutes(2)),
            (false, TimeSpan.FromMinutes(3)), (false, TimeSpan.FromMinutes(1)), (false, TimeSpan.FromMinutes(16)),
            (false, TimeSpan.Zero), (false, TimeSpan.Zero), (false, TimeSpan.Zero), (false, TimeSpan.Zero),
            (false, TimeSpan.FromMinutes(61)), (false, TimeSpan.Zero), (false, TimeSpan.Zero), (false, TimeSpan.Zero),
            (false, TimeSpan.Zero), (false, TimeSpan.FromDays(3)), (true, TimeSpan.Zero),
        };

        foreach (var (correct, then) in steps)
        {
            var now = app.Time.GetUtcNow();
            var decision = policy.Decide(expected, correct, now);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var recorder = scope.ServiceProvider.GetRequiredService<LoginAttemptRecorder>();
                var attempt = new LoginAttempt { UserName = key, Address = "198.51.100.250", Outcome = LoginOutcome.UnknownUser };
                var stored = correct
                    ? await recorder.RecordSuccessAsync(attempt, TestContext.Current.CancellationToken)
                    : await recorder.RecordFailureAsync(attempt, TestContext.Current.CancellationToken);
                Assert.Equal(decision.Verdict, stored.Verdict);
            }

            var row = await app.WithDbAsync(db => db.AccountLockouts.SingleAsync(l => l.Key == key));
            if (decision.Verdict != LockoutVerdict.Allowed)
            {
                Assert.Equal((decision.State.Failures, decision.State.Tier, decision.State.LockedUntil), (row.Failures, row.Tier, row.LockedUntil));
                expected = decision.State;
            }
            else
            {
                Assert.Equal((0, 0, (DateTimeOffset?)null), (row.Failures, row.Tier, row.LockedUntil));
                expected = row.ToState();
            }

            app.Time.Advance(then);
        }

        Assert.Equal(3, expected.Tier);
    }

    [Fact]
    public async Task The_counting_statement_matches_the_policy_when_the_policy_changes_mid_count()
    {
        var key = $"LIVE-{Guid.NewGuid():N}@EXAMPLE.COM";
        var admin = new ConsoleActor(ConsoleAppFactory.AdminEmail, IsAdmin: true, "198.51.100.9");
        var ladders = new Dictionary<int, (int, int, int)>
        {
            [0] = (20, 40, 60), [11] = (5, 30, 50), [12] = (20, 40, 60), [13] = (2, 14, 50), [14] = (20, 40, 60), [29] = (3, 6, 9),
        };
        var expected = LockoutState.Clean;
        try
        {
            for (var step = 0; step < 30; step++)
            {
                if (ladders.TryGetValue(step, out var ladder))
                {
                    await SaveLadderAsync(ladder, admin);
                }

                var now = app.Time.GetUtcNow();
                var policy = new LockoutPolicy(new FixedOptions<LockoutPolicyOptions>(app.Services.GetRequiredService<IOptionsMonitor<LockoutPolicyOptions>>().CurrentValue));
                var decision = policy.Decide(expected, passwordCorrect: false, now);
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var attempt = new LoginAttempt { UserName = key, Address = "198.51.100.251", Outcome = LoginOutcome.UnknownUser };
                    var stored = await scope.ServiceProvider.GetRequiredService<LoginAttemptRecorder>().RecordFailureAsync(attempt, TestContext.Current.CancellationToken);
                    Assert.True(decision.Verdict == stored.Verdict, $"step {step}: {stored.Verdict}, the policy says {decision.Verdict}");
                }

                var row = await app.WithDbAsync(db => db.AccountLockouts.SingleAsync(l => l.Key == key));
                Assert.Equal((decision.State.Failures, decision.State.Tier, decision.State.LockedUntil), (row.Failures, row.Tier, row.LockedUntil));
                expected = decision.State;

                // past every temporary lock, never past the failure window
                app.Time.Advance(TimeSpan.FromMinutes(61));
            }
        }
        finally
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PolicyService>().RestoreConfigurationAsync<LockoutPolicyOptions>(LockoutPolicyOptions.Section, "test over", admin, TestContext.Current.CancellationToken);
        }

        // tightened to 3/6/9 at the thirtieth failure: the highest tier reached, until an admin unlocks
        Assert.Equal((30, 3, LockoutPolicy.UntilUnlocked), (expected.Failures, expected.Tier, expected.LockedUntil));
    }

    [Fact]
    public async Task The_counting_statement_matches_the_policy_up_to_the_consecutive_limit_across_windows()
    {
        // A real account: retention deletes quiet rows of names that are not accounts.
        var key = (await app.CreateUserAsync()).ToUpperInvariant();
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.NormalizedUserName == key).Select(u => u.Id).SingleAsync());
        var admin = new ConsoleActor(ConsoleAppFactory.AdminEmail, IsAdmin: true, "198.51.100.9");
        var expected = LockoutState.Clean;
        try
        {
            await SaveLadderAsync((5, 10, 15), admin, maxConsecutive: 12);
            var policy = new LockoutPolicy(new FixedOptions<LockoutPolicyOptions>(app.Services.GetRequiredService<IOptionsMonitor<LockoutPolicyOptions>>().CurrentValue));
            for (var step = 0; step < 16; step++)
            {
                var decision = policy.Decide(expected, passwordCorrect: false, app.Time.GetUtcNow());
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var attempt = new LoginAttempt { UserName = key, UserId = userId, Address = "198.51.100.252", Outcome = LoginOutcome.WrongPassword };
                    var stored = await scope.ServiceProvider.GetRequiredService<LoginAttemptRecorder>().RecordFailureAsync(attempt, TestContext.Current.CancellationToken);
                    Assert.True(decision.Verdict == stored.Verdict, $"step {step}: {stored.Verdict}, the policy says {decision.Verdict}");
                }

                var row = await app.WithDbAsync(db => db.AccountLockouts.SingleAsync(l => l.Key == key));
                Assert.Equal(
                    (decision.State.Failures, decision.State.Tier, decision.State.LockedUntil, decision.State.ConsecutiveFailures),
                    (row.Failures, row.Tier, row.LockedUntil, row.ConsecutiveFailures));
                expected = decision.State;

                // three failures a window: the tiers alone would never lock
                if (step % 3 == 2)
                {
                    app.Time.Advance(TimeSpan.FromHours(25));
                }
            }
        }
        finally
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PolicyService>().RestoreConfigurationAsync<LockoutPolicyOptions>(LockoutPolicyOptions.Section, "test over", admin, TestContext.Current.CancellationToken);
        }

        Assert.Equal((12, 3, LockoutPolicy.UntilUnlocked), (expected.ConsecutiveFailures, expected.Tier, expected.LockedUntil));
    }

    private async Task SaveLadderAsync((int First, int Second, int Last) ladder, ConsoleActor admin, int maxConsecutive = 100)
    {
        var options = new LockoutPolicyOptions
        {
            MaxConsecutiveFailures = maxConsecutive,
            Tiers =
            [
                new() { Failures = ladder.First, Duration = TimeSpan.FromMinutes(15) },
                new() { Failures = ladder.Second, Duration = TimeSpan.FromHours(1) },
                new() { Failures = ladder.Last, Duration = null },
            ],
        };
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<PolicyService>().SaveAsync(LockoutPolicyOptions.Section, options, "test ladder", admin, TestContext.Current.CancellationToken);
        Assert.True(result.Outcome is AdminOutcome.Done or AdminOutcome.NoChange, result.Message);
    }
}
