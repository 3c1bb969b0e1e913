using AdminConsole.Core.Attempts;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Stock Identity, given 100 parallel wrong passwords, ends at a count of 1 and never locks.
/// Here they run in parallel over HTTP against the real host and database.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
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
    public async Task The_first_failures_of_new_names_arriving_at_once_are_all_counted_and_none_is_answered_as_locked()
    {
        // A name's lockout row is created by its first failure; a request whose count ran before a concurrent one
        // created the row must count again, not read the row it missed as a lock (423 on a fresh account).
        var emails = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            emails.Add(await app.CreateUserAsync());
        }

        var client = app.AllowListedClient();
        var responses = await Task.WhenAll(emails.SelectMany(email => Enumerable.Range(0, 4).Select(_ => client.LoginAsync(email, TestPasswords.Wrong))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var keys = emails.Select(e => e.ToUpperInvariant()).ToList();
        var counts = await app.WithDbAsync(db => db.AccountLockouts.Where(l => keys.Contains(l.Key)).Select(l => l.Failures).ToListAsync());
        Assert.Equal(Enumerable.Repeat(4, 8), counts);
        var outcomes = await app.WithDbAsync(db => db.LoginAttempts.Where(a => keys.Contains(a.UserName)).Select(a => a.Outcome).ToListAsync());
        Assert.Equal(32, outcomes.Count(o => o == LoginOutcome.WrongPassword));
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
