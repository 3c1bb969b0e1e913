using AdminConsole.Core.Attempts;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// SECURITY-NOTES 1: stock Identity, given 100 parallel wrong passwords, ends at a count of 1 and never locks.
/// Here they run in parallel over HTTP against the real host and database.
/// </summary>
public sealed class ConcurrencyTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Hundred_parallel_wrong_passwords_count_exactly_five_and_lock()
    {
        var email = await app.CreateUserAsync();
        var client = app.AllowListedClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.LoginAsync(email, TestPasswords.Wrong)));

        Assert.DoesNotContain(responses, r => (int)r.StatusCode >= 500);
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(96, responses.Count(r => r.StatusCode == HttpStatusCode.Locked));
        var outcomes = await app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == email.ToUpperInvariant()).Select(a => a.Outcome).ToListAsync());
        Assert.Equal(100, outcomes.Count);
        Assert.Equal(5, outcomes.Count(o => o == LoginOutcome.WrongPassword));
        Assert.Equal(95, outcomes.Count(o => o == LoginOutcome.LockedOut));
        var state = await app.WithDbAsync(db => db.AccountLockouts.SingleAsync(l => l.Key == email.ToUpperInvariant()));
        Assert.Equal(5, state.Failures);
        Assert.Equal(1, state.Tier);

        Assert.Equal(HttpStatusCode.Locked, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
    }

    [Fact]
    public async Task A_correct_password_racing_the_locking_failures_never_signs_in_after_the_lock()
    {
        var email = await app.CreateUserAsync();
        var client = app.AllowListedClient();
        await client.FailTimesAsync(email, 3);

        // Wrong and correct passwords together: whatever the order, no success may be recorded after the lock.
        var calls = Enumerable.Range(0, 40)
            .Select(i => client.LoginAsync(email, i % 4 == 0 ? TestPasswords.Good : TestPasswords.Wrong));
        await Task.WhenAll(calls);

        var attempts = await app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == email.ToUpperInvariant()).OrderBy(a => a.Id).ToListAsync());
        var firstLock = attempts.FindIndex(a => a.Outcome == LoginOutcome.LockedOut);
        if (firstLock >= 0)
        {
            Assert.DoesNotContain(attempts.Skip(firstLock), a => a.Outcome == LoginOutcome.Succeeded);
        }

        var state = await app.WithDbAsync(db => db.AccountLockouts.SingleAsync(l => l.Key == email.ToUpperInvariant()));
        Assert.True(state.Failures <= 5, $"{state.Failures} failures counted");
    }
}
