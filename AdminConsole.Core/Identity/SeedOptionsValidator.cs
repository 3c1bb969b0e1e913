using System.ComponentModel.DataAnnotations;

namespace AdminConsole.Core.Identity;

/// <summary>
/// Every seeded account has an email address, a known role if any, and a base32 authenticator key if any; the error
/// names the key (<c>Seed:Admin:Email</c>, <c>Seed:Users:0:Role</c>), so a typo stops the start instead of seeding
/// an account nobody can use.
/// </summary>
public sealed class SeedOptionsValidator : IValidateOptions<SeedOptions>
{
    /// <summary>A shorter key is under 80 bits (RFC 4226 asks for at least 128, and 80 is the least it allows).</summary>
    public const int ShortestAuthenticatorKey = 16;

    public ValidateOptionsResult Validate(string? name, SeedOptions o)
    {
        var errors = new List<string>();
        if (o.Admin is { Email.Length: > 0 } admin)
        {
            Check($"{SeedOptions.Section}:Admin", admin, errors);
        }

        for (var i = 0; i < o.Users.Count; i++)
        {
            Check($"{SeedOptions.Section}:Users:{i}", o.Users[i], errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The key as the seeder stores it: without spaces, upper case.</summary>
    public static string NormalizeKey(string key) => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    private static void Check(string key, SeedUser user, List<string> errors)
    {
        if (!new EmailAddressAttribute().IsValid(user.Email) || string.IsNullOrWhiteSpace(user.Email))
        {
            errors.Add($"{key}:Email must be an email address (was '{user.Email}').");
        }

        if (user.Role is { } role && !AppRoles.All.Contains(role))
        {
            errors.Add($"{key}:Role must be one of {string.Join(", ", AppRoles.All)} (was '{role}').");
        }

        if (!string.IsNullOrWhiteSpace(user.AuthenticatorKey)
            && NormalizeKey(user.AuthenticatorKey) is var k
            && (k.Length < ShortestAuthenticatorKey || k.Any(c => c is not ((>= 'A' and <= 'Z') or (>= '2' and <= '7')))))
        {
            errors.Add($"{key}:AuthenticatorKey must be base32 (A-Z, 2-7), at least {ShortestAuthenticatorKey} characters.");
        }
    }
}
