namespace AdminConsole.Tests.Integration;

/// <summary>
/// Failures on a name nobody has registered lock it like a real account (ASVS 6.3.8). When its owner then registers
/// and confirms it, the new account starts from clean counts; the phantom's attempts stay in the attempt log, and
/// registration answers as it does for a name never tried. A browser through Kestrel behind the trusted proxy, from
/// an allow-listed address (exempt from address blocks and rate limits, not from lockout).
/// </summary>
public sealed class PhantomLockTests(ProxyKestrelAppFactory app) : IClassFixture<ProxyKestrelAppFactory>
{
    private const string Password = "the owner's own passphrase 2026";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static HttpClient Browser(ProxyKestrelAppFactory app) => ProxiedBrowser.Create(app, "198.51.100.77");

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient browser, string email) =>
        browser.PostFormAsync("/Account/Register", "register",
            $"Input.Email={Uri.EscapeDataString(email)}&Input.Password={Uri.EscapeDataString(Password)}&Input.ConfirmPassword={Uri.EscapeDataString(Password)}");

    [Fact]
    public async Task A_name_locked_before_its_owner_registers_starts_clean_once_registered_and_confirmed()
    {
        var email = $"phantom-{Guid.NewGuid():N}@example.com";
        var fresh = $"fresh-{Guid.NewGuid():N}@example.com";
        using var attacker = Browser(app);
        using var locked = await attacker.FailTimesAsync(email, 20);
        Assert.Equal((HttpStatusCode)423, locked.StatusCode);

        using var owner = Browser(app);
        using var registered = await RegisterAsync(owner, email);
        using var freshRegistered = await RegisterAsync(owner, fresh);
        await ConfirmAsync(owner, email);
        using var signIn = await owner.LoginAsync(email, Password);

        Assert.Equal(freshRegistered.StatusCode, registered.StatusCode);
        Assert.Equal(freshRegistered.ComparableLocation(fresh), registered.ComparableLocation(email));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var key = email.ToUpperInvariant();
        Assert.Equal(20, await app.WithDbAsync(db => db.LoginAttempts.CountAsync(a => a.UserName == key && a.UserId == null, Cancel)));
    }

    [Fact]
    public async Task The_new_account_locks_after_its_own_failures_not_the_phantoms()
    {
        var email = $"phantom-{Guid.NewGuid():N}@example.com";
        using var attacker = Browser(app);
        using var _ = await attacker.FailTimesAsync(email, 4);

        using var owner = Browser(app);
        using var registered = await RegisterAsync(owner, email);
        await ConfirmAsync(owner, email);
        using var afterRegistering = await attacker.FailTimesAsync(email, 4);
        using var signIn = await owner.LoginAsync(email, Password);

        Assert.Equal(HttpStatusCode.Unauthorized, afterRegistering.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    /// <summary>Opens the confirmation link the mail carries (the same code, made here instead of read from the mail).</summary>
    private async Task ConfirmAsync(HttpClient browser, string email)
    {
        string link;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
            link = $"/Account/ConfirmEmail?userId={user.Id}&code={AccountCode.Encode(await users.GenerateEmailConfirmationTokenAsync(user))}";
        }

        using var confirmed = await browser.GetAsync(link, Cancel);
        Assert.Contains("Thank you for confirming your email", await confirmed.Content.ReadAsStringAsync(Cancel));
    }
}
