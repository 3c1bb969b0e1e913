using AdminConsole.Core.Attempts;
using AdminConsole.Core.Lockout;
using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Integration;

/// <summary>The SQL statement that counts failures gives exactly the states the pure policy gives.</summary>
public sealed class LockoutStatementTests(AppFactory app) : IClassFixture<AppFactory>
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
}
