namespace AdminConsole.Core.Identity;

/// <summary>
/// Development only (registered in no other environment): the current authenticator code of a seeded account that
/// still holds its seeded key (<c>Seed:*:AuthenticatorKey</c>), shown on the second-factor page so that a newcomer can
/// open the console without an authenticator app.
/// </summary>
public sealed class DevelopmentSignInHelp(UserManager<AppUser> users, IOptions<SeedOptions> seed)
{
    public async Task<string?> CurrentCodeAsync(AppUser user)
    {
        var seeded = seed.Value.Users.Prepend(seed.Value.Admin)
            .FirstOrDefault(s => s is { AuthenticatorKey.Length: > 0 } && string.Equals(s.Email, user.Email, StringComparison.OrdinalIgnoreCase));
        if (seeded is null)
        {
            return null;
        }

        var key = SeedOptionsValidator.NormalizeKey(seeded.AuthenticatorKey!);
        // At the clock Identity's AuthenticatorTokenProvider checks codes against (the system's), not the app's TimeProvider.
        return await users.GetAuthenticatorKeyAsync(user) == key ? AuthenticatorCode.At(key, TimeProvider.System.GetUtcNow()) : null;
    }
}
