using System.ComponentModel.DataAnnotations;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Passwords;
using AdminConsole.Core.Text;

namespace AdminConsole.Api;

/// <summary>
/// The body of <c>POST /api/account/login</c> and <c>/api/account/token</c>, bound by minimal APIs and checked by
/// .NET's validation (<c>AddValidation</c>) before the handler runs, so bad input gets a 400 naming the field and
/// counts no attempt. A body that is not JSON, too large or of another type is answered by <see cref="ApiBadRequests"/>.
/// </summary>
public sealed record LoginRequest : IValidatableObject
{
    /// <summary>The longest second-factor code read (an authenticator code has 6 digits, a recovery code 11 characters).</summary>
    public const int CodeMaxLength = 64;

    /// <summary>A larger body is refused before it is parsed (endpoint metadata, enforced by the server).</summary>
    public const int MaxBodyBytes = 8 * 1024;

    [Required(ErrorMessage = "email is required.")]
    [MaxLength(LoginAttempt.UserNameMaxLength, ErrorMessage = "email can be at most {1} characters.")]
    public string Email { get; init; } = "";

    [Required(ErrorMessage = "password is required.")]
    [MaxLength(CommonPasswordValidator.MaxLength, ErrorMessage = "password can be at most {1} characters.")]
    public string Password { get; init; } = "";

    /// <summary>An authenticator code; spaces people type between digit groups are dropped.</summary>
    [MaxLength(CodeMaxLength, ErrorMessage = "twoFactorCode can be at most {1} characters.")]
    public string? TwoFactorCode { get; init => field = value?.Replace(" ", "", StringComparison.Ordinal); }

    /// <summary>A recovery code, instead of <see cref="TwoFactorCode"/>.</summary>
    [MaxLength(CodeMaxLength, ErrorMessage = "recoveryCode can be at most {1} characters.")]
    public string? RecoveryCode { get; init => field = value?.Replace(" ", "", StringComparison.Ordinal); }

    /// <summary>
    /// The token API only: keep the refresh token in an httpOnly, SameSite=Strict cookie on the token paths (a
    /// browser client never holds it in script) instead of the answer's body.
    /// </summary>
    public bool RefreshCookie { get; init; }

    /// <summary>The rules across fields and on what the characters may be, after the attributes have passed.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TypedText.Problem(Email) is { } problem)
        {
            yield return new($"email {problem}.", [nameof(Email)]);
        }
        else if (!new EmailAddressAttribute().IsValid(Email))
        {
            yield return new("email is not an email address.", [nameof(Email)]);
        }

        foreach (var (name, code) in new[] { (nameof(TwoFactorCode), TwoFactorCode), (nameof(RecoveryCode), RecoveryCode) })
        {
            if (code is not null && (code.Any(char.IsControl) || TypedText.Problem(code) is not null))
            {
                yield return new($"{char.ToLowerInvariant(name[0])}{name[1..]} holds characters a code cannot have.", [name]);
            }
        }

        if (TwoFactorCode is not null && RecoveryCode is not null)
        {
            yield return new("Send twoFactorCode or recoveryCode, not both.", [nameof(RecoveryCode)]);
        }
    }
}
