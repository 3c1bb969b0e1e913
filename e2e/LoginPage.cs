namespace AdminConsole.E2E;

/// <summary>The sign-in page's selectors, in one place.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Email => page.GetByLabel("Email");

    public ILocator Password => page.GetByLabel("Password", new() { Exact = true });

    public ILocator Submit => page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });

    public ILocator Alert => page.GetByRole(AriaRole.Alert);

    public async Task GotoAsync()
    {
        await page.GotoAsync("/Account/Login");
        await Assertions.Expect(Submit).ToBeVisibleAsync();
    }

    public async Task SignInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
    }

    /// <summary>Signs in, then answers the two-factor step with the authenticator code for <paramref name="authenticatorKey"/>.</summary>
    public async Task SignInWithCodeAsync(string email, string password, string authenticatorKey)
    {
        await SignInAsync(email, password);
        var code = page.GetByLabel("Authenticator code");
        await Assertions.Expect(code).ToBeVisibleAsync();
        await code.FillAsync(Totp.Code(authenticatorKey, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }
}
