namespace AdminConsole.Core.SignIn;

/// <summary>
/// A sign-in with a password and, when the account has one, its second factor in the same request
/// (<see cref="AppSignInManager.PasswordAndSecondFactorAsync"/>).
/// </summary>
/// <param name="Name">The typed account name (the email).</param>
public sealed record PasswordSignIn(string Name, string Password)
{
    /// <summary>True (the form and the JSON sign-in API): a success signs the browser in. False (the token API): a check only.</summary>
    public bool SetsCookie { get; init; } = true;

    /// <summary>"Remember me": the cookie outlives the browser session.</summary>
    public bool Persistent { get; init; }

    /// <summary>The authenticator app's code, when sent with the password.</summary>
    public string? AuthenticatorCode { get; init; }

    /// <summary>A recovery code, when sent with the password instead of the authenticator code.</summary>
    public string? RecoveryCode { get; init; }
}
