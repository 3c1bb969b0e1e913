using System.Security.Cryptography;
using System.Text;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// <c>Lockout:CountRepeatedPasswordsOnce</c>: a wrong password already tried on the name within the failure window
/// is recorded as RepeatedWrongPassword and moves no counter (account, consecutive count, address), in parallel too.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class RepeatedPasswordTests(SignalsAppFactory app) : IClassFixture<SignalsAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Task<List<LoginOutcome>> OutcomesAsync(string email) =>
        app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == email.ToUpperInvariant()).OrderBy(a => a.Id).Select(a => a.Outcome).ToListAsync(Cancel));

    [Fact]
    public async Task The_same_wrong_password_typed_again_is_recorded_but_counts_nowhere()
    {
        var email = await app.CreateUserAsync();
        var address = AppFactory.NewAddress();
        using var client = app.Client(address);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.LoginAsync(email, "my old password from last year");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal([LoginOutcome.WrongPassword, LoginOutcome.RepeatedWrongPassword, LoginOutcome.RepeatedWrongPassword, LoginOutcome.RepeatedWrongPassword],
            await OutcomesAsync(email));
        var state = await app.WithDbAsync(db => db.AccountLockouts.SingleAsync(l => l.Key == email.ToUpperInvariant(), Cancel));
        Assert.Equal(1, state.Failures);
        Assert.Equal(1, state.ConsecutiveFailures);
        var throttle = await app.WithDbAsync(db => db.AddressThrottles.SingleAsync(t => t.Key == address, Cancel));
        Assert.Equal(1, throttle.Failures);
    }

    [Fact]
    public async Task A_repeat_is_answered_exactly_like_the_failure_before_it()
    {
        var email = await app.CreateUserAsync();
        using var owner = app.AllowListedClient();
        await owner.SignInOnceAsync(email);

        using var first = await owner.LoginAsync(email, "a typo kept by the browser");
        using var repeat = await owner.LoginAsync(email, "a typo kept by the browser");

        Assert.Equal(HttpStatusCode.Unauthorized, repeat.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancel), await repeat.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(4, (await repeat.ProblemAsync()).GetProperty("attemptsRemaining").GetInt32());
    }

    [Fact]
    public async Task Many_identical_wrong_passwords_at_once_count_once_and_distinct_ones_count_each()
    {
        var email = await app.CreateUserAsync();
        using var client = app.AllowListedClient();

        var identical = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.LoginAsync(email, "one wrong password")));

        Assert.All(identical, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var outcomes = await OutcomesAsync(email);
        Assert.Equal(1, outcomes.Count(o => o == LoginOutcome.WrongPassword));
        Assert.Equal(39, outcomes.Count(o => o == LoginOutcome.RepeatedWrongPassword));
        Assert.Equal(1, (await app.WithDbAsync(db => db.AccountLockouts.SingleAsync(l => l.Key == email.ToUpperInvariant(), Cancel))).Failures);

        // Three different passwords, each sent four times at once: three more failures, no lock (tier 1 is at five).
        var distinct = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.LoginAsync(email, $"another guess {i % 3}")));

        Assert.All(distinct, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var state = await app.WithDbAsync(db => db.AccountLockouts.SingleAsync(l => l.Key == email.ToUpperInvariant(), Cancel));
        Assert.Equal(4, state.Failures);
        Assert.Equal(0, state.Tier);
        Assert.Equal(9, (await OutcomesAsync(email)).Skip(40).Count(o => o == LoginOutcome.RepeatedWrongPassword));
    }

    [Fact]
    public async Task Fingerprints_are_keyed_and_forgotten_at_the_next_success()
    {
        var email = await app.CreateUserAsync();
        using var client = app.AllowListedClient();
        const string wrong = "stored only as a keyed fingerprint";
        using (await client.LoginAsync(email, wrong))
        {
        }

        var stored = await app.WithDbAsync(db => db.WrongPasswordFingerprints.Where(f => f.Key == email.ToUpperInvariant()).ToListAsync(Cancel));
        var fingerprint = Assert.Single(stored).Fingerprint;
        Assert.Equal(8, fingerprint.Length); // 32 bits: too few to turn back into the password typed
        foreach (var plain in new[] { wrong, email.ToUpperInvariant() + "\n" + wrong })
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plain)));
            Assert.DoesNotContain(fingerprint, sha);
        }

        await client.SignInOnceAsync(email);

        Assert.False(await app.WithDbAsync(db => db.WrongPasswordFingerprints.AnyAsync(f => f.Key == email.ToUpperInvariant(), Cancel)));
    }

    [Fact]
    public async Task Only_the_last_few_wrong_passwords_are_remembered()
    {
        var email = await app.CreateUserAsync();
        using var client = app.AllowListedClient();
        for (var i = 0; i < 7; i++)
        {
            using var response = await client.LoginAsync(email, $"guess number {i}");
            app.Time.Advance(i == 4 ? TimeSpan.FromMinutes(16) : TimeSpan.FromSeconds(2)); // past the first tier's lock
        }

        Assert.Equal(5, await app.WithDbAsync(db => db.WrongPasswordFingerprints.CountAsync(f => f.Key == email.ToUpperInvariant(), Cancel)));

        // The oldest fell out, so typing it again counts as a new failure; a recent one does not.
        using (await client.LoginAsync(email, "guess number 0"))
        {
        }

        using (await client.LoginAsync(email, "guess number 6"))
        {
        }

        Assert.Equal([LoginOutcome.WrongPassword, LoginOutcome.RepeatedWrongPassword], (await OutcomesAsync(email))[^2..]);
    }
}
