using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Policy;
using AdminConsole.Protection;
using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Policy changed in the console: validated like configuration, audited with old and new values, in force for
/// the next request without a restart, and back to configuration on restore. Own host: it changes the policy.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class PolicyEditingTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private static readonly ConsoleActor Admin = new("admin@example.com", IsAdmin: true, "198.51.100.9");
    private static readonly ConsoleActor Viewer = new("viewer@example.com", IsAdmin: false, "198.51.100.9");

    private static LockoutPolicyOptions ThreeStrikes() => new()
    {
        Tiers = [new() { Failures = 3, Duration = TimeSpan.FromMinutes(30) }, new() { Failures = 6, Duration = null }],
        FailureWindow = TimeSpan.FromHours(12),
        ShowRemainingAttempts = true,
        CountRepeatedPasswordsOnce = false, // these tests repeat one wrong password as if each were a new guess
    };

    private async Task<AdminResult> SaveAsync<T>(string section, T value, ConsoleActor? actor = null, string reason = "tighter during the incident")
        where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PolicyService>().SaveAsync(section, value, reason, actor ?? Admin, default);
    }

    private async Task<AdminResult> RestoreAsync<T>(string section)
        where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PolicyService>().RestoreConfigurationAsync<T>(section, "incident over", Admin, default);
    }

    private Task<List<SecurityEvent>> PolicyEventsAsync() =>
        app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Type == SecurityEventType.PolicyChanged).OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task A_saved_lockout_policy_is_in_force_for_the_next_sign_in_and_audited_with_old_and_new_values()
    {
        var user = await app.CreateUserAsync();
        var client = app.AllowListedClient();

        var saved = await SaveAsync(LockoutPolicyOptions.Section, ThreeStrikes());
        using var third = await client.FailTimesAsync(user, 3);

        Assert.True(saved.Succeeded, saved.Message);
        Assert.Equal(HttpStatusCode.Locked, third.StatusCode);
        Assert.Equal(1, (await third.ProblemAsync()).GetProperty("tier").GetInt32());
        var audit = (await PolicyEventsAsync())[^1];
        Assert.Equal((Admin.Name, "tighter during the incident", Admin.Address), (audit.Actor, audit.Reason, audit.Address));
        var details = JsonDocument.Parse(audit.Details!).RootElement;
        Assert.Equal("Lockout", details.GetProperty("Section").GetString());
        Assert.Equal(5, details.GetProperty("Old").GetProperty("Tiers")[0].GetProperty("Failures").GetInt32());
        Assert.Equal(3, details.GetProperty("New").GetProperty("Tiers")[0].GetProperty("Failures").GetInt32());

        var restored = await RestoreAsync<LockoutPolicyOptions>(LockoutPolicyOptions.Section);
        var other = await app.CreateUserAsync();
        await client.SignInOnceAsync(other);
        using var afterRestore = await client.FailTimesAsync(other, 3);

        Assert.True(restored.Succeeded, restored.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRestore.StatusCode);
        Assert.Equal(2, (await afterRestore.ProblemAsync()).GetProperty("attemptsRemaining").GetInt32());
        Assert.True(JsonDocument.Parse((await PolicyEventsAsync())[^1].Details!).RootElement.GetProperty("FromConfiguration").GetBoolean());
    }

    private static LockoutPolicyOptions Ladder(int first, int second, int last) => new()
    {
        Tiers =
        [
            new() { Failures = first, Duration = TimeSpan.FromMinutes(15) },
            new() { Failures = second, Duration = TimeSpan.FromHours(1) },
            new() { Failures = last, Duration = null },
        ],
        ShowRemainingAttempts = true,
        CountRepeatedPasswordsOnce = false,
    };

    [Fact]
    public async Task A_policy_tightened_below_the_count_locks_at_the_next_failure_and_refuses_the_right_password()
    {
        var user = await app.CreateUserAsync();
        var client = app.AllowListedClient();
        Assert.True((await SaveAsync(LockoutPolicyOptions.Section, Ladder(20, 40, 60))).Succeeded);
        using var eleventh = await client.FailTimesAsync(user, 11);
        Assert.Equal(HttpStatusCode.Unauthorized, eleventh.StatusCode);

        Assert.True((await SaveAsync(LockoutPolicyOptions.Section, Ladder(3, 6, 9))).Succeeded);
        using var twelfth = await client.LoginAsync(user, TestPasswords.Wrong);
        using var right = await client.LoginAsync(user, TestPasswords.Good);
        app.Time.Advance(TimeSpan.FromDays(2));
        using var later = await client.LoginAsync(user, TestPasswords.Good);

        Assert.True((await RestoreAsync<LockoutPolicyOptions>(LockoutPolicyOptions.Section)).Succeeded);
        Assert.Equal(HttpStatusCode.Locked, twelfth.StatusCode);
        Assert.Equal(3, (await twelfth.ProblemAsync()).GetProperty("tier").GetInt32());
        Assert.Equal(HttpStatusCode.Locked, right.StatusCode);
        Assert.Equal(HttpStatusCode.Locked, later.StatusCode);
    }

    [Fact]
    public async Task A_policy_loosened_above_the_count_still_locks_at_its_first_threshold()
    {
        var user = await app.CreateUserAsync();
        var client = app.AllowListedClient();
        await client.SignInOnceAsync(user);
        using var fifth = await client.FailTimesAsync(user, 5);
        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(15));

        Assert.True((await SaveAsync(LockoutPolicyOptions.Section, Ladder(20, 40, 60))).Succeeded);
        using var nineteenth = await client.FailTimesAsync(user, 14);
        using var twentieth = await client.LoginAsync(user, TestPasswords.Wrong);

        Assert.True((await RestoreAsync<LockoutPolicyOptions>(LockoutPolicyOptions.Section)).Succeeded);
        Assert.Equal(HttpStatusCode.Unauthorized, nineteenth.StatusCode);
        Assert.Equal(1, (await nineteenth.ProblemAsync()).GetProperty("attemptsRemaining").GetInt32());
        Assert.Equal(HttpStatusCode.Locked, twentieth.StatusCode);
        Assert.Equal(1, (await twentieth.ProblemAsync()).GetProperty("tier").GetInt32());
    }

    [Fact]
    public async Task An_invalid_policy_is_refused_with_the_reason_and_changes_nothing()
    {
        var events = (await PolicyEventsAsync()).Count;
        var invalid = ThreeStrikes();
        invalid.Tiers[1].Failures = 2;
        invalid.Tiers[1].Duration = TimeSpan.FromHours(1);

        var result = await SaveAsync(LockoutPolicyOptions.Section, invalid);

        Assert.Equal(AdminOutcome.Invalid, result.Outcome);
        Assert.Contains("Lockout:Tiers:1:Failures (2) must be greater than Lockout:Tiers:0:Failures (3)", result.Message);
        Assert.Contains("the last tier locks until an admin unlocks", result.Message);
        Assert.Equal(events, (await PolicyEventsAsync()).Count);
        Assert.Null(await app.WithDbAsync(db => db.PolicySettings.SingleOrDefaultAsync(s => s.Section == LockoutPolicyOptions.Section)));
        Assert.Equal(5, app.Services.GetRequiredService<LockoutPolicy>().Tiers[0].Failures);
    }

    [Theory]
    [InlineData(0, 60, "RateLimits:SignIn:PermitLimit must be from 1 to 1,000,000 (was 0).")]
    [InlineData(10, 0, "RateLimits:SignIn:Window must be from 1 second to 1 day (was 00:00:00).")]
    public async Task Rate_limits_are_validated(int permits, int seconds, string error)
    {
        var limits = new RateLimitOptions { SignIn = new() { PermitLimit = permits, Window = TimeSpan.FromSeconds(seconds) } };

        var result = await SaveAsync(RateLimitOptions.Section, limits);

        Assert.Equal((AdminOutcome.Invalid, error), (result.Outcome, result.Message));
    }

    [Fact]
    public async Task A_viewer_cannot_change_the_policy_and_a_reason_is_required()
    {
        var events = (await PolicyEventsAsync()).Count;

        var byViewer = await SaveAsync(LockoutPolicyOptions.Section, ThreeStrikes(), Viewer);
        var noReason = await SaveAsync(LockoutPolicyOptions.Section, ThreeStrikes(), reason: "  ");

        Assert.Equal(AdminOutcome.Forbidden, byViewer.Outcome);
        Assert.Equal(AdminOutcome.Invalid, noReason.Outcome);
        Assert.Equal(events, (await PolicyEventsAsync()).Count);
        Assert.Equal(5, app.Services.GetRequiredService<LockoutPolicy>().Tiers[0].Failures);
    }

    [Fact]
    public async Task Changed_rate_limits_and_address_blocking_apply_to_the_next_request()
    {
        var limits = app.Services.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
        var tight = JsonSerializer.Deserialize<RateLimitOptions>(JsonSerializer.Serialize(limits))!;
        tight.SignIn = new() { PermitLimit = 2, Window = TimeSpan.FromMinutes(1) };
        var blocking = new AddressBlockingOptions { Failures = 50 };
        var client = app.Client();

        Assert.True((await SaveAsync(RateLimitOptions.Section, tight)).Succeeded);
        Assert.True((await SaveAsync(AddressBlockingOptions.Section, blocking)).Succeeded);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.LoginAsync($"nobody-{i}@example.com", TestPasswords.Wrong);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(50, app.Services.GetRequiredService<IOptionsMonitor<AddressBlockingOptions>>().CurrentValue.Failures);
        Assert.True((await RestoreAsync<RateLimitOptions>(RateLimitOptions.Section)).Succeeded);
        Assert.True((await RestoreAsync<AddressBlockingOptions>(AddressBlockingOptions.Section)).Succeeded);
        Assert.Equal(10, app.Services.GetRequiredService<IOptionsMonitor<AddressBlockingOptions>>().CurrentValue.Failures);
    }

    [Fact]
    public async Task A_change_written_by_another_instance_is_picked_up_at_the_next_refresh()
    {
        await app.WithDbAsync(async db =>
        {
            db.PolicySettings.Add(new PolicySetting
            {
                Section = AddressBlockingOptions.Section,
                Json = JsonSerializer.Serialize(new AddressBlockingOptions { Failures = 7 }),
                UpdatedBy = "other@example.com",
                UpdatedAt = app.Time.GetUtcNow(),
            });
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        var monitor = app.Services.GetRequiredService<IOptionsMonitor<AddressBlockingOptions>>();
        Assert.Equal(10, monitor.CurrentValue.Failures);

        await app.Services.GetRequiredService<PolicyStore>().RefreshAsync(TestContext.Current.CancellationToken);

        Assert.Equal(7, monitor.CurrentValue.Failures);
        Assert.True((await RestoreAsync<AddressBlockingOptions>(AddressBlockingOptions.Section)).Succeeded);
        Assert.Equal(10, monitor.CurrentValue.Failures);
    }

    [Fact]
    public async Task A_stored_section_that_no_longer_validates_is_ignored()
    {
        await app.WithDbAsync(async db =>
        {
            db.PolicySettings.Add(new PolicySetting
            {
                Section = AddressBlockingOptions.Section,
                Json = """{"Failures":0}""",
                UpdatedBy = "old-version",
                UpdatedAt = app.Time.GetUtcNow(),
            });
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        await app.Services.GetRequiredService<PolicyStore>().RefreshAsync(TestContext.Current.CancellationToken);

        Assert.Equal(10, app.Services.GetRequiredService<IOptionsMonitor<AddressBlockingOptions>>().CurrentValue.Failures);
        await app.WithDbAsync(db => db.PolicySettings.Where(s => s.Section == AddressBlockingOptions.Section).ExecuteDeleteAsync(TestContext.Current.CancellationToken));
        await app.Services.GetRequiredService<PolicyStore>().RefreshAsync(TestContext.Current.CancellationToken);
    }
}
