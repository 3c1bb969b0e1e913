namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// The host with the sign-in signals as shipped (a repeated wrong password counts once) and honeypot names set:
/// one full address and one local part at any domain.
/// </summary>
public sealed class SignalsAppFactory : AppFactory
{
    public const string HoneypotAddress = "honeypot@example.com";
    public const string HoneypotLocalPart = "administrator@";

    public SignalsAppFactory()
    {
        Settings["Lockout:CountRepeatedPasswordsOnce"] = "true";
        Settings["AddressBlocking:HoneypotNames:0"] = HoneypotAddress;
        Settings["AddressBlocking:HoneypotNames:1"] = HoneypotLocalPart;
    }

    /// <summary>Gives the account a password from the common-password list, as if set before the list applied.</summary>
    public async Task SetPasswordHashAsync(string email, string password)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        Assert.True((await users.UpdateAsync(user)).Succeeded);
    }
}

/// <summary>Kestrel with honeypot names: the block is proven on a real socket's peer address.</summary>
public sealed class HoneypotKestrelAppFactory : KestrelAppFactory
{
    public HoneypotKestrelAppFactory()
    {
        Settings["AddressBlocking:HoneypotNames:0"] = SignalsAppFactory.HoneypotAddress;
        Settings["AddressBlocking:HoneypotNames:1"] = SignalsAppFactory.HoneypotLocalPart;
    }
}
