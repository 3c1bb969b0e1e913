using System.Reflection;
using AdminConsole.Core.Identity;

namespace AdminConsole.Core.Passwords;

/// <summary>
/// NIST SP 800-63B 5.1.1.2: refuse passwords found on a shipped list of common values (see Passwords/README.md)
/// and passwords equal to the user's own name or email; no composition rules.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    /// <summary>Longer passwords are refused so hashing cost stays bounded; NIST asks for at least 64.</summary>
    public const int MaxLength = 256;

    private static readonly Lazy<HashSet<string>> List = new(Load);

    public static int Count => List.Value.Count;

    public static bool IsCommon(string password) => List.Value.Contains(password.Trim());

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var errors = new List<IdentityError>();
        password ??= "";
        if (password.Length > MaxLength)
        {
            errors.Add(new IdentityError { Code = "PasswordTooLong", Description = $"Passwords can be at most {MaxLength} characters." });
        }

        if (IsCommon(password))
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is on a list of commonly used passwords. Choose one that is harder to guess, such as a few unrelated words.",
            });
        }

        if (Same(password, user.UserName) || Same(password, user.Email))
        {
            errors.Add(new IdentityError { Code = "PasswordIsUserName", Description = "The password must not be your email address or user name." });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    private static bool Same(string password, string? name) =>
        !string.IsNullOrEmpty(name) && string.Equals(password.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase);

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line);
            }
        }

        return set;
    }
}
