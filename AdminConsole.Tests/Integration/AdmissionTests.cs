using AdminConsole.Core.Attempts;
using AdminConsole.Core.IpProtection;

namespace AdminConsole.Tests.Integration;

/// <summary>One hash slot and one place in line, so the tests can fill them on demand.</summary>
public sealed class AdmissionAppFactory : AppFactory
{
    public AdmissionAppFactory()
    {
        Settings["Admission:ConcurrentHashes"] = "1";
        Settings["Admission:QueueLength"] = "1";
    }
}

/// <summary>
/// Admission control in front of the hash, through the real host with requests in parallel: the excess is answered
/// 503 with Retry-After at once and recorded (summarised per address and minute, like other refusals before the
/// password check), no failure is counted for it, and a known device still gets in.
/// </summary>
public sealed class AdmissionTests(AdmissionAppFactory app) : IClassFixture<AdmissionAppFactory>, IDisposable
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => app.Hasher.Release();

    /// <summary>Starts a sign-in that occupies the hash slot until released, and waits until it does.</summary>
    private async Task<Task<HttpResponseMessage>> OccupySlotAsync()
    {
        app.Hasher.Hold();
        var holder = app.Client().LoginAsync($"holder-{Guid.NewGuid():N}@example.com", CountingPasswordHasher.Held);
        await Task.WhenAny(app.Hasher.HeldVerificationStarted, holder).WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        Assert.False(holder.IsCompleted, "the holding sign-in finished without hashing");
        return holder;
    }

    /// <summary>The attempt rows from these addresses, after the refusals counted in memory are written.</summary>
    private async Task<List<LoginAttempt>> RowsFromAsync(List<string> addresses)
    {
        await app.Services.GetRequiredService<RejectionSummary>().FlushAsync(includeCurrentMinute: true, Cancel);
        return await app.WithDbAsync(db => db.LoginAttempts.Where(a => addresses.Contains(a.Address)).ToListAsync());
    }

    /// <summary>
    /// Waits until <paramref name="count"/> of the calls have answered (the rest are still waiting) and returns those
    /// answers. The hash slot is held until the test releases it, so an answer before that is an answer without
    /// waiting for a hash; the deadline only bounds a test that fails, and is generous for a machine running the
    /// PostgreSQL suites beside this one.
    /// </summary>
    private static async Task<List<HttpResponseMessage>> AnsweredAsync(List<Task<HttpResponseMessage>> calls, int count)
    {
        var deadline = Task.Delay(TimeSpan.FromSeconds(30), Cancel);
        while (calls.Count(c => c.IsCompleted) < count)
        {
            await Task.WhenAny(Task.WhenAny(calls.Where(c => !c.IsCompleted)), deadline);
            Assert.False(deadline.IsCompleted, $"only {calls.Count(c => c.IsCompleted)} of {calls.Count} sign-ins answered; {count} should have been answered at once");
        }

        Assert.Equal(count, calls.Count(c => c.IsCompleted));
        return [.. calls.Where(c => c.IsCompleted).Select(c => c.Result)];
    }

    [Fact]
    public async Task Parallel_sign_ins_beyond_the_slot_and_the_queue_get_503_with_retry_after_at_once_and_are_recorded_uncounted()
    {
        var holder = await OccupySlotAsync();
        var hashed = app.Hasher.Verifications;
        var addresses = Enumerable.Range(0, 20).Select(_ => AppFactory.NewAddress()).ToList();

        // Twenty strangers at once: one holds the place in line, nineteen are answered busy without waiting.
        var calls = addresses.Select(a => app.Client(a).LoginAsync($"nobody-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong)).ToList();
        var answered = await AnsweredAsync(calls, 19);

        Assert.All(answered, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), r.Headers.RetryAfter?.Delta);
        });
        Assert.Equal(hashed, app.Hasher.Verifications);
        var problem = await answered[0].ProblemAsync();
        Assert.Equal(SignInMessages.Busy, problem.GetProperty("detail").GetString());

        app.Hasher.Release();
        var rest = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, (await holder).StatusCode);
        Assert.Single(rest, r => r.StatusCode == HttpStatusCode.Unauthorized);

        var rows = await RowsFromAsync(addresses);
        Assert.Equal(20, rows.Sum(r => r.Count));
        Assert.Equal(19, rows.Where(r => r.Outcome == LoginOutcome.Throttled).Sum(r => r.Count));
        Assert.Equal(1, rows.Count(r => r.Outcome == LoginOutcome.UnknownUser));
    }

    [Fact]
    public async Task The_owner_on_a_known_device_signs_in_while_strangers_are_turned_away_and_nothing_is_counted_for_them()
    {
        var email = await app.CreateUserAsync();
        var owner = app.Client();
        using (var first = await owner.LoginAsync(email, TestPasswords.Good))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Contains(first.Headers.GetValues("Set-Cookie"), c => c.StartsWith(KnownDevices.CookieName + "=", StringComparison.Ordinal));
        }

        var holder = await OccupySlotAsync();

        // Six strangers guess the owner's password at once: one waits in line, five are turned away, nothing counted.
        var addresses = Enumerable.Range(0, 6).Select(_ => AppFactory.NewAddress()).ToList();
        var strangers = addresses.Select(a => app.Client(a).LoginAsync(email, TestPasswords.Wrong)).ToList();
        Assert.All(await AnsweredAsync(strangers, 5), r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));

        using var known = await owner.LoginAsync(email, TestPasswords.Good).WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);

        // The cookie is for that account only: another account's sign-in from the same device queues like a
        // stranger's, pushing out the stranger who waited longest (answered busy at once).
        var other = await app.CreateUserAsync();
        var otherSignIn = owner.LoginAsync(other, TestPasswords.Good);
        Assert.All(await AnsweredAsync(strangers, 6), r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        Assert.False(otherSignIn.IsCompleted);

        app.Hasher.Release();
        Assert.Equal(HttpStatusCode.OK, (await otherSignIn.WaitAsync(TimeSpan.FromSeconds(30), Cancel)).StatusCode);
        await holder.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        var key = email.ToUpperInvariant();
        Assert.Equal(0, (await app.WithDbAsync(db => db.AccountLockouts.SingleOrDefaultAsync(l => l.Key == key)))?.Failures ?? 0);
        var rows = await RowsFromAsync(addresses);
        Assert.Equal(6, rows.Where(r => r.Outcome == LoginOutcome.Throttled).Sum(r => r.Count));
        Assert.DoesNotContain(rows, r => r.Outcome == LoginOutcome.WrongPassword);
        Assert.Equal(2, await app.WithDbAsync(db => db.LoginAttempts.CountAsync(a => a.UserName == key && a.Outcome == LoginOutcome.Succeeded)));
    }

    [Fact]
    public async Task A_new_device_that_solves_the_busy_answers_puzzle_is_checked_while_the_strangers_lane_stays_full()
    {
        var holder = await OccupySlotAsync();
        var email = await app.CreateUserAsync();
        var device = AppFactory.NewAddress();
        var strangers = Enumerable.Range(0, 3).Select(_ => app.Client(AppFactory.NewAddress()).LoginAsync($"nobody-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong)).ToList();
        var busy = (await AnsweredAsync(strangers, 2))[0];
        var puzzle = (await busy.ProblemAsync()).GetProperty("puzzle");
        Assert.Equal(Puzzle.HeaderName, puzzle.GetProperty("header").GetString());

        // The person on a new device solves it and tries again with the proof, in the API's header...
        var proof = SignInPuzzle.Solve(new Puzzle(puzzle.GetProperty("challenge").GetString()!, puzzle.GetProperty("difficulty").GetInt32(), default));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/login") { Content = JsonContent.Create(new { email, password = TestPasswords.Good }) };
        request.Headers.Add(Puzzle.HeaderName, proof);
        using var solved = await app.Client(device).SendAsync(request, Cancel).WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        Assert.Equal(HttpStatusCode.OK, solved.StatusCode);

        // ...and the sign-in page, under this pressure, hands its form a puzzle to solve up front.
        using var page = await app.Client(AppFactory.NewAddress()).GetAsync("/Account/Login", Cancel);
        Assert.Contains("data-puzzle=", await page.Content.ReadAsStringAsync(Cancel));

        // Spent once: the same proof again queues like any stranger (pushing out the one waiting, who is answered
        // busy) instead of going ahead.
        using var again = new HttpRequestMessage(HttpMethod.Post, "/api/account/login") { Content = JsonContent.Create(new { email, password = TestPasswords.Good }) };
        again.Headers.Add(Puzzle.HeaderName, proof);
        var replay = app.Client(device).SendAsync(again, Cancel);
        await AnsweredAsync(strangers, 3);
        Assert.False(replay.IsCompleted, "a spent proof went ahead of the strangers");

        app.Hasher.Release();
        await holder.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        await Task.WhenAll(strangers).WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        (await replay.WaitAsync(TimeSpan.FromSeconds(30), Cancel)).Dispose();
    }
}
