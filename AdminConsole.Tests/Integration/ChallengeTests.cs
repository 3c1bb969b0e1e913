using System.Text.Json;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.IpProtection;

namespace AdminConsole.Tests.Integration;

/// <summary>The product's defaults: a challenge after 3 failures, the step-up above a risk of 60.</summary>
public sealed class ChallengeAppFactory : KestrelAppFactory
{
    public ChallengeAppFactory()
    {
        Settings.Remove("Challenge:AfterFailures");
        Settings.Remove("Risk:StepUpAbove");
    }
}

/// <summary>
/// <c>Challenge:AfterFailures</c> on the real host over loopback sockets, each client from its own address: after
/// three failures of a name, or from an address, the next sign-in is answered 428 with a puzzle and nothing is
/// checked or counted until a solved one comes in <c>Sign-In-Proof</c>; unknown names get the same answers; the
/// owner's known device is not asked; every challenge is on record.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class ChallengeTests(ChallengeAppFactory app) : IClassFixture<ChallengeAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static int nextSource;

    /// <summary>A client from an address of its own (127.0.9.x).</summary>
    private HttpClient NewClient(CookieContainer? cookies = null) => app.SocketClient($"127.0.9.{Interlocked.Increment(ref nextSource)}", cookies);

    internal static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, string? proof = null, string path = "/api/account/login")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { email, password }) };
        if (proof is not null)
        {
            request.Headers.Add(Puzzle.HeaderName, proof);
        }

        return client.SendAsync(request, Cancel);
    }

    /// <summary>Fails <paramref name="times"/> times for <paramref name="email"/>, each from a new address.</summary>
    private async Task FailFromNewAddressesAsync(string email, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var client = NewClient();
            using var response = await LoginAsync(client, email, TestPasswords.Wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    internal static async Task<(JsonElement Problem, string Proof)> ChallengeOfAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.PreconditionRequired, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        var problem = await response.ProblemAsync();
        var puzzle = problem.GetProperty("puzzle");
        Assert.Equal(Puzzle.HeaderName, puzzle.GetProperty("header").GetString());
        var solved = SignInPuzzle.Solve(new Puzzle(puzzle.GetProperty("challenge").GetString()!, puzzle.GetProperty("difficulty").GetInt32(), DateTimeOffset.MaxValue));
        return (problem, solved);
    }

    private Task<int> FailuresOfAsync(string email) =>
        app.WithDbAsync(db => db.AccountLockouts.Where(l => l.Key == email.ToUpperInvariant()).Select(l => l.Failures).SingleAsync(Cancel));

    [Fact]
    public async Task After_three_failures_of_a_name_the_next_try_is_answered_428_with_a_puzzle_and_counts_nothing_until_solved()
    {
        var email = await app.CreateUserAsync();
        await FailFromNewAddressesAsync(email, 3);
        var hashed = app.Hasher.Verifications;

        using var client = NewClient();
        using var challenged = await LoginAsync(client, email, TestPasswords.Wrong);
        var (problem, proof) = await ChallengeOfAsync(challenged);
        Assert.Equal(SignInMessages.Challenged, problem.GetProperty("detail").GetString());
        Assert.Equal(hashed, app.Hasher.Verifications);
        Assert.Equal(3, await FailuresOfAsync(email));

        // A made-up proof is a challenge again; the solved one is checked and counted like any try.
        using (var forged = await LoginAsync(client, email, TestPasswords.Wrong, problem.GetProperty("puzzle").GetProperty("challenge").GetString() + ".1"))
        {
            Assert.Equal(HttpStatusCode.PreconditionRequired, forged.StatusCode);
        }

        using (var solved = await LoginAsync(client, email, TestPasswords.Wrong, proof))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, solved.StatusCode);
        }

        Assert.Equal(hashed + 1, app.Hasher.Verifications);
        Assert.Equal(4, await FailuresOfAsync(email));

        // A solution is spent once; a new one lets the right password in.
        using var again = await LoginAsync(NewClient(), email, TestPasswords.Good, proof);
        var (_, next) = await ChallengeOfAsync(again);
        using var right = await LoginAsync(NewClient(), email, TestPasswords.Good, next);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task An_unknown_name_gets_the_same_answers_as_a_real_one()
    {
        var real = await app.CreateUserAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        await FailFromNewAddressesAsync(real, 3);
        await FailFromNewAddressesAsync(unknown, 3);

        using var forReal = await LoginAsync(NewClient(), real, TestPasswords.Wrong);
        using var forUnknown = await LoginAsync(NewClient(), unknown, TestPasswords.Wrong);
        var (realProblem, _) = await ChallengeOfAsync(forReal);
        var (unknownProblem, _) = await ChallengeOfAsync(forUnknown);
        Assert.Equal(Shape(realProblem), Shape(unknownProblem));

        static string Shape(JsonElement problem) => string.Join(",", problem.EnumerateObject().Select(p => p.Name == "puzzle" ? "puzzle" : $"{p.Name}={p.Value}"));
    }

    [Fact]
    public async Task After_three_failures_from_an_address_its_next_try_for_any_name_is_challenged()
    {
        using var client = NewClient();
        for (var i = 0; i < 3; i++)
        {
            using var failed = await LoginAsync(client, await app.CreateUserAsync(), TestPasswords.Wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        var fresh = await app.CreateUserAsync();
        using var challenged = await LoginAsync(client, fresh, TestPasswords.Good);
        var (_, proof) = await ChallengeOfAsync(challenged);

        using var solved = await LoginAsync(client, fresh, TestPasswords.Good, proof);
        Assert.Equal(HttpStatusCode.OK, solved.StatusCode);

        // Another address is not asked.
        using var elsewhere = await LoginAsync(NewClient(), await app.CreateUserAsync(), TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task A_revoked_device_is_challenged_like_a_stranger()
    {
        var email = await app.CreateUserAsync();
        using var laptop = NewClient();
        using (var first = await LoginAsync(laptop, email, TestPasswords.Good))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var device = first.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(KnownDevices.CookieName + "=", StringComparison.Ordinal));
            laptop.DefaultRequestHeaders.Add("Cookie", device.Split(';')[0]);
        }

        await app.WithDbAsync(async db =>
        {
            var id = await db.Users.Where(u => u.NormalizedUserName == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync(Cancel);
            return await db.KnownDevices.Where(d => d.UserId == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.RevokedAt, app.Time.GetUtcNow()), Cancel);
        });
        await FailFromNewAddressesAsync(email, 3);

        using var revoked = await LoginAsync(laptop, email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.PreconditionRequired, revoked.StatusCode);
    }

    [Fact]
    public async Task The_owners_known_device_is_not_challenged_and_every_challenge_is_on_record()
    {
        var email = await app.CreateUserAsync();
        using var owner = NewClient();
        using (var first = await LoginAsync(owner, email, TestPasswords.Good))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

            // The device cookie is Secure outside Development; over this plain loopback socket it is sent by hand,
            // as any client can.
            var device = first.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(KnownDevices.CookieName + "=", StringComparison.Ordinal));
            owner.DefaultRequestHeaders.Add("Cookie", device.Split(';')[0]);
        }

        await FailFromNewAddressesAsync(email, 3);
        var strangerAddress = $"127.0.9.{Interlocked.Increment(ref nextSource)}";
        using var stranger = app.SocketClient(strangerAddress);
        using (var challenged = await LoginAsync(stranger, email, TestPasswords.Good))
        {
            Assert.Equal(HttpStatusCode.PreconditionRequired, challenged.StatusCode);
        }

        using (var known = await LoginAsync(owner, email, TestPasswords.Good))
        {
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        }

        await app.Services.GetRequiredService<RejectionSummary>().FlushAsync(includeCurrentMinute: true, Cancel);
        var rows = await app.WithDbAsync(db => db.LoginAttempts.Where(a => a.Address == strangerAddress).ToListAsync(Cancel));
        var row = Assert.Single(rows);
        Assert.Equal(LoginOutcome.Challenged, row.Outcome);
        Assert.Equal(1, row.Count);
    }
}

/// <summary>The product's challenge defaults on the in-memory host, whose clients speak HTTPS (the token endpoint needs it).</summary>
public sealed class ChallengeTokenAppFactory : AppFactory
{
    public ChallengeTokenAppFactory()
    {
        Settings.Remove("Challenge:AfterFailures");
        Settings.Remove("Risk:StepUpAbove");
    }
}

/// <summary>The token endpoint asks for the same puzzle as the sign-in API, and counts nothing until it is solved.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class ChallengeTokenTests(ChallengeTokenAppFactory app) : IClassFixture<ChallengeTokenAppFactory>
{
    [Fact]
    public async Task The_token_endpoint_answers_428_with_a_puzzle_after_three_failures_and_issues_tokens_once_solved()
    {
        var email = await app.CreateUserAsync();
        for (var i = 0; i < 3; i++)
        {
            using var failed = await app.Client().LoginAsync(email, TestPasswords.Wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        var client = app.Client();
        var hashed = app.Hasher.Verifications;
        using var challenged = await ChallengeTests.LoginAsync(client, email, TestPasswords.Good, path: "/api/account/token");
        var (_, proof) = await ChallengeTests.ChallengeOfAsync(challenged);
        Assert.Equal(hashed, app.Hasher.Verifications);

        using var issued = await ChallengeTests.LoginAsync(client, email, TestPasswords.Good, proof, "/api/account/token");
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
    }
}
