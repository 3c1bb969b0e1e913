using System.Diagnostics.CodeAnalysis;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.Identity;

/// <summary>
/// The one way a typed user name, email or role becomes the form accounts are stored and looked up by: trimmed,
/// Unicode-normalised, upper case. Registered as Identity's <see cref="ILookupNormalizer"/>, so
/// <c>NormalizedUserName</c> and <c>NormalizedEmail</c> are what <see cref="Normalize"/> gives, and a stored account's
/// <c>NormalizedUserName</c> is its key in attempts and lockouts (<see cref="Key"/> of any name typed for it).
/// </summary>
public sealed class AccountNames : ILookupNormalizer
{
    /// <summary>The normalised form of a name, email or role; null stays null.</summary>
    [return: NotNullIfNotNull(nameof(name))]
    public static string? Normalize(string? name) => name?.Trim().Normalize().ToUpperInvariant();

    /// <summary>
    /// The key attempts and lockout counters file a typed name under: normalised, cut to the stored length, and
    /// empty for no name.
    /// </summary>
    public static string Key(string? typedName)
    {
        var key = Normalize(typedName) ?? "";
        return key.Length > LoginAttempt.UserNameMaxLength ? key[..LoginAttempt.UserNameMaxLength] : key;
    }

    /// <inheritdoc />
    [return: NotNullIfNotNull(nameof(name))]
    public string? NormalizeName(string? name) => Normalize(name);

    /// <inheritdoc />
    [return: NotNullIfNotNull(nameof(email))]
    public string? NormalizeEmail(string? email) => Normalize(email);
}
