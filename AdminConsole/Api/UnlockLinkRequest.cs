using System.ComponentModel.DataAnnotations;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Text;

namespace AdminConsole.Api;

/// <summary>
/// The body of <c>POST /api/account/unlock-link</c>, checked by .NET's validation before the handler runs: bad input
/// gets a 400 naming the field and looks nothing up. A body that is not JSON or too large is answered by
/// <see cref="ApiBadRequests"/>.
/// </summary>
public sealed record UnlockLinkRequest : IValidatableObject
{
    /// <summary>A larger body is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 1024;

    [Required(ErrorMessage = "email is required.")]
    [MaxLength(LoginAttempt.UserNameMaxLength, ErrorMessage = "email can be at most {1} characters.")]
    public string Email { get; init; } = "";

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
    }
}
