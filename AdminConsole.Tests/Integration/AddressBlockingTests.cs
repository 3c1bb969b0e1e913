using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.IpProtection;

namespace AdminConsole.Tests.Integration;

/// <summary>Automatic blocks, deny and allow rules, through the real host, with time from a fake clock.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class AddressBlockingTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private static readonly ConsoleActor Admin = new("admin@example.com", IsAdmin: true, "198.51.100.1");

    private static string Someone() => $"who-{Guid.NewGuid():N}@example.com";

    private static async Task FailAsync(HttpClient client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var response = await client.LoginAsync(Someone(), TestPasswords.Wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    private Task<List<IpRule>> RulesFor(string network) =>
        app.WithDbAsync(db => db.IpRules.Where(r => r.Network == network).OrderBy(r => r.Id).ToListAsync());

    [Fact]
    public async Task Ten_failures_block_the_address_for_an_hour_and_the_next_block_lasts_two()
    {
        var address = AppFactory.NewAddress();
        var client = app.Client(address);

        await FailAsync(client, 10);
        var blocked = await client.LoginAsync(Someone(), TestPasswords.Good);

        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal("3600", blocked.Headers.RetryAfter?.ToString());
        Assert.Contains("blocked until", (await blocked.ProblemAsync()).GetProperty("detail").GetString());
        var first = Assert.Single(await RulesFor(address));
        Assert.Equal((IpRuleKind.Deny, IpRuleSource.Automatic), (first.Kind, first.Source));
        Assert.Equal(app.Time.GetUtcNow().AddHours(1), first.ExpiresAt);
        Assert.Equal("10 failed sign-ins in 15 minutes", first.Reason);
        Assert.Contains(SecurityEventType.AddressBlocked,
            await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Address == address).Select(e => e.Type).ToListAsync()));

        app.Time.Advance(TimeSpan.FromHours(1));
        await FailAsync(client, 10);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.LoginAsync(Someone(), TestPasswords.Wrong)).StatusCode);
        var second = (await RulesFor(address))[1];
        Assert.Equal(app.Time.GetUtcNow().AddHours(2), second.ExpiresAt);
    }

    [Fact]
    public async Task Refusals_without_a_password_never_block_the_address_that_a_guess_on_a_locked_account_would()
    {
        // An application's server refreshing tokens for its users who are locked now typed no password: its address
        // must not end up blocked for every other user of that application.
        var server = AppFactory.NewAddress();
        var guesser = AppFactory.NewAddress();
        for (var i = 0; i < 12; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var recorder = scope.ServiceProvider.GetRequiredService<LoginAttemptRecorder>();
            await recorder.RecordRefusalAsync(new LoginAttempt { UserName = Someone().ToUpperInvariant(), Address = server, Outcome = LoginOutcome.LockedOut, ClientId = "app" }, TestContext.Current.CancellationToken);
            await recorder.RecordAsync(new LoginAttempt { UserName = Someone().ToUpperInvariant(), Address = guesser, Outcome = LoginOutcome.LockedOut }, TestContext.Current.CancellationToken);
        }

        Assert.Empty(await RulesFor(server));
        Assert.Single(await RulesFor(guesser));
        Assert.Equal(12, await app.WithDbAsync(db => db.LoginAttempts.CountAsync(a => a.Address == server && a.Outcome == LoginOutcome.LockedOut)));
    }

    [Fact]
    public async Task Failures_spread_over_more_than_the_window_do_not_block()
    {
        var client = app.Client();
        await FailAsync(client, 9);
        app.Time.Advance(TimeSpan.FromMinutes(15));

        await FailAsync(client, 9);
    }

    [Fact]
    public async Task Ipv6_clients_in_one_64_share_a_counter_and_other_64s_do_not()
    {
        for (var host = 1; host <= 10; host++)
        {
            await FailAsync(app.Client($"2001:db8:77:1::{host:x}"), 1);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client("2001:db8:77:1::ffff").LoginAsync(Someone(), TestPasswords.Wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client("2001:db8:77:2::1").LoginAsync(Someone(), TestPasswords.Wrong)).StatusCode);
        Assert.Single(await RulesFor("2001:db8:77:1::/64"));
    }

    [Fact]
    public async Task An_allow_listed_address_is_never_blocked_but_its_accounts_still_lock()
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync();

        var responses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            responses.Add((await client.LoginAsync(email, TestPasswords.Wrong)).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.Forbidden, responses);
        Assert.Equal(HttpStatusCode.Locked, responses[^1]);
        Assert.Empty(await app.WithDbAsync(db => db.IpRules.Where(r => r.Network.StartsWith("198.51.100.")).ToListAsync()));
    }

    [Fact]
    public async Task A_deny_rule_answers_before_any_password_check_and_writes_only_a_summary()
    {
        var address = AppFactory.NewAddress();
        await AddRuleAsync(address, IpRuleKind.Deny, expires: null);
        var client = app.Client(address);
        var hashes = app.Hasher.Verifications;
        var email = await app.CreateUserAsync();
        var attempts = await app.WithDbAsync(db => db.LoginAttempts.CountAsync());

        for (var i = 0; i < 5; i++)
        {
            var response = await client.LoginAsync(email, TestPasswords.Good);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("until an administrator lifts the block", (await response.ProblemAsync()).GetProperty("detail").GetString());
        }

        Assert.Equal(hashes, app.Hasher.Verifications);
        Assert.Equal(attempts, await app.WithDbAsync(db => db.LoginAttempts.CountAsync()));
        await app.Services.GetRequiredService<RejectionSummary>().FlushAsync(includeCurrentMinute: true, TestContext.Current.CancellationToken);
        var summary = await app.WithDbAsync(db => db.LoginAttempts.SingleAsync(a => a.Address == address));
        Assert.Equal((LoginOutcome.AddressBlocked, 5), (summary.Outcome, summary.Count));
    }

    [Fact]
    public async Task A_thousand_requests_from_a_blocked_address_cause_no_database_command()
    {
        var address = AppFactory.NewAddress();
        await AddRuleAsync(address, IpRuleKind.Deny, expires: null);
        var client = app.Client(address);
        var commands = app.Fault.RequestCommands;

        for (var batch = 0; batch < 10; batch++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.LoginAsync(Someone(), TestPasswords.Wrong)));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        }

        Assert.Equal(commands, app.Fault.RequestCommands);
        await app.Client(AppFactory.NewAddress()).LoginAsync(Someone(), TestPasswords.Wrong);
        Assert.True(app.Fault.RequestCommands > commands, "the count sees a request that reaches the database");
        await app.Services.GetRequiredService<RejectionSummary>().FlushAsync(includeCurrentMinute: true, TestContext.Current.CancellationToken);
        var rows = await app.WithDbAsync(db => db.LoginAttempts.Where(a => a.Address == address).ToListAsync());
        Assert.Equal(1000, rows.Sum(r => r.Count));
        Assert.True(rows.Count <= 2, $"{rows.Count} summary rows");
    }

    [Fact]
    public async Task A_browser_sees_a_blocked_page_with_status_403()
    {
        var address = AppFactory.NewAddress();
        await AddRuleAsync(address, IpRuleKind.Deny, app.Time.GetUtcNow().AddMinutes(30));

        var response = await app.Client(address).GetAsync("/Account/Login", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Sign-in from your network is blocked until " + SignInMessages.FormatTime(app.Time.GetUtcNow().AddMinutes(30), app.Time.GetUtcNow()), page);
    }

    [Fact]
    public async Task A_rule_for_a_range_blocks_every_address_in_it()
    {
        await AddRuleAsync("203.0.113.128/25", IpRuleKind.Deny, expires: null);

        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client("203.0.113.200").LoginAsync(Someone(), TestPasswords.Wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client("203.0.113.100").LoginAsync(Someone(), TestPasswords.Wrong)).StatusCode);
    }

    [Fact]
    public async Task An_expired_rule_stops_applying_on_time()
    {
        var address = AppFactory.NewAddress();
        await AddRuleAsync(address, IpRuleKind.Deny, app.Time.GetUtcNow().AddMinutes(10));
        var client = app.Client(address);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.LoginAsync(Someone(), TestPasswords.Wrong)).StatusCode);

        app.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync(Someone(), TestPasswords.Wrong)).StatusCode);
    }

    [Fact]
    public async Task Ending_an_automatic_block_lets_the_address_in_and_is_audited()
    {
        var address = AppFactory.NewAddress();
        var client = app.Client(address);
        await FailAsync(client, 10);
        var rule = Assert.Single(await RulesFor(address));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<AddressRuleService>()
                .EndAsync(rule.Id, "Office NAT, verified with the team", Admin, TestContext.Current.CancellationToken);
            Assert.True(result.Succeeded);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync(Someone(), TestPasswords.Wrong)).StatusCode);
        var ended = Assert.Single(await RulesFor(address));
        Assert.Equal(("admin@example.com", "Office NAT, verified with the team"), (ended.EndedBy, ended.EndReason));
        var audit = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Type == SecurityEventType.AddressRuleEnded && e.Details!.Contains(address)).SingleAsync());
        Assert.Equal("admin@example.com", audit.Actor);
    }

    [Theory]
    [InlineData("0x7f.1", "reason", "Network")]
    [InlineData("10.0.0.0/8", "reason", "Network")]
    [InlineData("203.0.113.7", "  ", "Reason")]
    public async Task A_bad_rule_is_refused_with_a_clear_error_and_changes_nothing(string network, string reason, string field)
    {
        var before = await app.WithDbAsync(db => db.IpRules.CountAsync());
        await using var scope = app.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<AddressRuleService>()
            .AddAsync(new NewAddressRule(network, IpRuleKind.Deny, reason, null), Admin, TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(result.Errors[field]));
        Assert.Equal(before, await app.WithDbAsync(db => db.IpRules.CountAsync()));
    }

    private async Task AddRuleAsync(string network, IpRuleKind kind, DateTimeOffset? expires)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AddressRuleService>()
            .AddAsync(new NewAddressRule(network, kind, "test rule", expires), Admin, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Message);
    }
}
