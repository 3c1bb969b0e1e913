namespace AdminConsole.Tests.Integration;

/// <summary>
/// Every secret check goes through the counted pipeline: the current password asked again on the account pages
/// counts and locks like a wrong password at sign-in (issue: five wrong guesses from a signed-in session were
/// answered and counted nothing).
/// </summary>
public sealed class AccountSecretChecksTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    private async Task<(string Email, HttpClient Client)> SignedInAsync()
    {
        var email = await app.CreateUserAsync();
        var client = app.AllowListedClient();
        using var signIn = await client.LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return (email, client);
    }

    private Task<AdminConsole.Core.Lockout.AccountLockout?> LockoutAsync(string email) =>
        app.WithDbAsync(db => db.AccountLockouts.AsNoTracking().SingleOrDefaultAsync(l => l.Key == email.ToUpperInvariant(), Cancel));

    [Fact]
    public async Task Wrong_current_passwords_on_the_change_password_page_count_and_lock()
    {
        var (email, client) = await SignedInAsync();

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.PostFormAsync("/Account/Manage/ChangePassword", "change-password",
                [Field("Input.OldPassword", TestPasswords.Wrong), Field("Input.NewPassword", "a brand new passphrase 2026"), Field("Input.ConfirmPassword", "a brand new passphrase 2026")]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var lockout = await LockoutAsync(email);
        Assert.Equal(5, lockout?.Failures);
        Assert.True(lockout?.LockedUntil > app.Time.GetUtcNow());
        using var right = await client.PostFormAsync("/Account/Manage/ChangePassword", "change-password",
            [Field("Input.OldPassword", TestPasswords.Good), Field("Input.NewPassword", "a brand new passphrase 2026"), Field("Input.ConfirmPassword", "a brand new passphrase 2026")]);
        Assert.Contains("try again", await right.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_wrong_password_to_delete_the_account_is_counted()
    {
        var (email, client) = await SignedInAsync();

        using var response = await client.PostFormAsync("/Account/Manage/DeletePersonalData", "delete-user", [Field("Input.Password", TestPasswords.Wrong)]);

        Assert.Contains("Incorrect password", await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(1, (await LockoutAsync(email))?.Failures);
        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email, Cancel)));
    }
}
