namespace AdminConsole.Tests.Integration;

/// <summary>ASVS 6.3.8: an unknown user name gets the same answers, the same status and the same lock.</summary>
public sealed class EnumerationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Unknown_user_gets_byte_identical_answers_and_a_phantom_lock_at_five()
    {
        var client = app.AllowListedClient();
        var known = await app.CreateUserAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        for (var attempt = 1; attempt <= 7; attempt++)
        {
            using var fromKnown = await client.LoginAsync(known, TestPasswords.Wrong);
            using var fromUnknown = await client.LoginAsync(unknown, TestPasswords.Wrong);

            Assert.Equal(fromKnown.StatusCode, fromUnknown.StatusCode);
            Assert.Equal(await fromKnown.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken),
                await fromUnknown.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
            Assert.Equal(fromKnown.Headers.RetryAfter?.ToString(), fromUnknown.Headers.RetryAfter?.ToString());
            Assert.Equal(attempt >= 5 ? HttpStatusCode.Locked : HttpStatusCode.Unauthorized, fromUnknown.StatusCode);
        }
    }

    [Fact]
    public async Task Unknown_names_are_counted_in_the_same_table_as_real_accounts()
    {
        var client = app.AllowListedClient();
        var unknown = $"ghost-{Guid.NewGuid():N}@example.com";

        await client.FailTimesAsync(unknown, 5);

        var row = await app.WithDbAsync(db => db.AccountLockouts.SingleAsync(l => l.Key == unknown.ToUpperInvariant()));
        Assert.Equal(5, row.Failures);
        Assert.Equal(1, row.Tier);
        Assert.Null(row.UserId);
    }
}

/// <summary>With <c>Lockout:ShowRemainingAttempts</c> off, answers carry no counts or times, for anyone.</summary>
public sealed class HiddenDetailsTests : IClassFixture<HiddenDetailsTests.Factory>
{
    private readonly Factory app;

    public HiddenDetailsTests(Factory app) => this.app = app;

    public sealed class Factory : IAsyncLifetime
    {
        public AppFactory App { get; } = new();

        public ValueTask InitializeAsync()
        {
            App.Settings["Lockout:ShowRemainingAttempts"] = "false";
            return App.InitializeAsync();
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    [Fact]
    public async Task Failures_say_nothing_about_attempts_left()
    {
        var client = app.App.Client();
        var email = await app.App.CreateUserAsync();

        var response = await client.LoginAsync(email, TestPasswords.Wrong);

        var problem = await response.ProblemAsync();
        Assert.Equal(SignInMessages.Failed, problem.GetProperty("detail").GetString());
        Assert.False(problem.TryGetProperty("attemptsRemaining", out _));
    }
}
