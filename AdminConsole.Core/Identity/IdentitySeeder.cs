using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Core.Identity;

/// <summary>Creates the roles and the configured accounts; an account that exists is left as it is.</summary>
public static class IdentitySeeder
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in AppRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }

        var seed = services.GetRequiredService<IOptions<SeedOptions>>().Value;
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var accounts = seed.Users.AsEnumerable();
        if (seed.Admin is { Email.Length: > 0 } admin)
        {
            admin.Role ??= AppRoles.SecurityAdmin;
            accounts = accounts.Prepend(admin);
        }

        foreach (var account in accounts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await users.FindByEmailAsync(account.Email) is { } existing)
            {
                await EnrolAuthenticatorAsync(users, existing, account);
                continue;
            }

            if (string.IsNullOrEmpty(account.Password))
            {
                throw new InvalidOperationException($"Seed: the account {account.Email} has no password; there is no default password.");
            }

            var user = new AppUser { UserName = account.Email, Email = account.Email, EmailConfirmed = true };
            Check(await users.CreateAsync(user, account.Password), $"account {account.Email}");
            if (!string.IsNullOrEmpty(account.Role))
            {
                Check(await users.AddToRoleAsync(user, account.Role), $"role {account.Role} for {account.Email}");
            }

            await EnrolAuthenticatorAsync(users, user, account);
        }
    }

    /// <summary>Gives the account the configured authenticator key and turns two-factor on, unless it has a key already.</summary>
    private static async Task EnrolAuthenticatorAsync(UserManager<AppUser> users, AppUser user, SeedUser account)
    {
        if (string.IsNullOrWhiteSpace(account.AuthenticatorKey) || await users.GetAuthenticatorKeyAsync(user) is not null)
        {
            return;
        }

        // SeedOptionsValidator has checked the key is base32 before the start got here.
        var key = SeedOptionsValidator.NormalizeKey(account.AuthenticatorKey);

        // The store keeps the key as an authentication token of its own provider; this is where ResetAuthenticatorKeyAsync puts it.
        Check(await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", key), $"authenticator for {account.Email}");
        Check(await users.SetTwoFactorEnabledAsync(user, true), $"two-factor for {account.Email}");
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Seed: could not create {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
