using System.ComponentModel.DataAnnotations;

namespace AdminConsole.Core.Text;

/// <summary>Form validation for one line of typed text: refuses control characters (<see cref="TypedText"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PlainTextAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string text || TypedText.Problem(text) is null;

    public override string FormatErrorMessage(string name) =>
        ErrorMessage ?? $"The {name} field must not contain control characters such as line breaks, tabs or escape codes.";
}
