using AdminConsole.Core.Audit;
using AdminConsole.Core.Lockout;

namespace AdminConsole.Tests.Integration;

/// <summary>Password rules and resets as configured in the real host.</summary>
public sealed class AccountPoliciesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<IdentityResult> CreateAsync(string password, string? email = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        email ??= $"p-{Guid.NewGuid():N}@example.com";
        return await users.CreateAsync(new AppUser { UserName = email, Email = email }, password);
    }

    [Fact]
    public async Task An_11_character_password_is_refused_with_a_clear_message()
    {
        var result = await CreateAsync("elevenchars");
        Assert.Contains(result.Errors, e => e.Description == "Passwords must be at least 12 characters.");
    }

    [Fact]
    public async Task Twelve_lowercase_letters_are_enough_no_composition_rules() =>
        Assert.True((await CreateAsync("zebramangoes")).Succeeded);

    [Fact]
    public async Task A_64_character_passphrase_is_accepted() =>
        Assert.True((await CreateAsync(string.Join(' ', Enumerable.Repeat("quiet lantern", 5)) + new string('!', 1))).Succeeded);

    [Fact]
    public async Task A_common_password_is_refused() =>
        Assert.Contains((await CreateAsync("iloveyou1234")).Errors, e => e.Code == "PasswordTooCommon");

    [Fact]
    public async Task The_email_address_as_password_is_refused()
    {
        var email = $"someone-{Guid.NewGuid():N}@example.com";
        Assert.Contains((await CreateAsync(email, email)).Errors, e => e.Code == "PasswordIsUserName");
    }

    [Fact]
    public async Task A_password_reset_clears_a_temporary_lock_and_the_count()
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync();
        await client.FailTimesAsync(email, 5);

        await ResetPasswordAsync(email, "a brand new passphrase");

        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, "a brand new passphrase")).StatusCode);
        var events = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.TargetUserName == email.ToUpperInvariant()).Select(e => e.Type).ToListAsync());
        Assert.Contains(SecurityEventType.LockClearedByPasswordReset, events);
    }

    [Fact]
    public async Task A_password_reset_does_not_lift_a_lock_only_an_admin_may_lift()
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync();
        await client.FailTimesAsync(email, 5);
        app.Time.Advance(TimeSpan.FromMinutes(15));
        await client.FailTimesAsync(email, 5);
        app.Time.Advance(TimeSpan.FromHours(1));
        await client.FailTimesAsync(email, 5);

        await ResetPasswordAsync(email, "a brand new passphrase");

        Assert.Equal(HttpStatusCode.Locked, (await client.LoginAsync(email, "a brand new passphrase")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_does_not_lift_an_admins_lock_that_has_an_end()
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync();
        await client.FailTimesAsync(email, 2);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var now = app.Time.GetUtcNow();
            Assert.True(await scope.ServiceProvider.GetRequiredService<LockoutStore>().LockAsync(email.ToUpperInvariant(), now.AddDays(1), 1, now, TestContext.Current.CancellationToken));
        }

        await ResetPasswordAsync(email, "a brand new passphrase");

        Assert.Equal(HttpStatusCode.Locked, (await client.LoginAsync(email, "a brand new passphrase")).StatusCode);
    }

    private async Task ResetPasswordAsync(string email, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        var token = await users.GeneratePasswordResetTokenAsync(user!);
        var result = await users.ResetPasswordAsync(user!, token, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
