using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Policy;

namespace AdminConsole.Tests.Integration;

/// <summary>Doubling lock lengths chosen on the Policy page and in force through the sign-in API. Own host: it changes the policy.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class DoublingLockoutSignInTests(ConsoleAppFactory app) : IClassFixture<ConsoleAppFactory>
{
    private static readonly ConsoleActor Admin = new(ConsoleAppFactory.AdminEmail, IsAdmin: true, "198.51.100.9");

    private async Task<AdminResult> SaveAsync(LockoutPolicyOptions value)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PolicyService>().SaveAsync(LockoutPolicyOptions.Section, value, "grow locks during the attack", Admin, default);
    }

    [Fact]
    public async Task Each_lock_through_sign_in_lasts_twice_the_one_before_and_the_change_is_audited()
    {
        var saved = await SaveAsync(new LockoutPolicyOptions
        {
            Tiers = LockoutPolicyOptions.DefaultTiers(),
            Mode = LockoutMode.Doubling,
            FailuresPerLock = 2,
            FirstDuration = TimeSpan.FromMinutes(15),
            Multiplier = 2,
            MaxDuration = TimeSpan.FromHours(24),
            CountRepeatedPasswordsOnce = false, // the test repeats one wrong password as if each were a new guess
        });
        var user = await app.CreateUserAsync();
        var client = app.AllowListedClient();

        var lengths = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var now = app.Time.GetUtcNow();
            using var locked = await client.FailTimesAsync(user, 2);
            Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
            var until = (await locked.ProblemAsync()).GetProperty("lockedUntil").GetDateTimeOffset();
            lengths.Add(until - now);
            app.Time.SetUtcNow(until + TimeSpan.FromSeconds(1));
        }

        Assert.True(saved.Succeeded, saved.Message);
        Assert.Equal([15.0, 30, 60], lengths.Select(l => Math.Round(l.TotalMinutes)));
        var audit = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Type == SecurityEventType.PolicyChanged).OrderBy(e => e.Id).LastAsync());
        var details = JsonDocument.Parse(audit.Details!).RootElement;
        Assert.Equal((int)LockoutMode.Tiers, details.GetProperty("Old").GetProperty("Mode").GetInt32());
        Assert.Equal((int)LockoutMode.Doubling, details.GetProperty("New").GetProperty("Mode").GetInt32());
        Assert.Equal(2.0, details.GetProperty("New").GetProperty("Multiplier").GetDouble());
    }
}
