using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Passwords;
using AdminConsole.Core.Text;

namespace AdminConsole.Api;

/// <summary>The body of <c>POST /api/account/login</c>, read strictly so that bad input gets a clear 400.</summary>
public sealed record LoginRequest(string Email, string Password, string? TwoFactorCode = null, string? RecoveryCode = null)
{
    /// <summary>The longest second-factor code read (an authenticator code has 6 digits, a recovery code 11 characters).</summary>
    public const int CodeMaxLength = 64;

    /// <summary>A larger body is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    /// <summary>Reads and checks the body: either a request or the errors per field.</summary>
    public static async Task<(LoginRequest? Request, Dictionary<string, string[]> Errors)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!http.HasJsonContentType())
        {
            errors["body"] = ["Send a JSON object with email and password (Content-Type: application/json)."];
            return (null, errors);
        }

        if (http.ContentLength > MaxBodyBytes)
        {
            errors["body"] = [$"The body is larger than {MaxBodyBytes} bytes."];
            return (null, errors);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                errors["body"] = [$"The body is larger than {MaxBodyBytes} bytes."];
                return (null, errors);
            }
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            errors["body"] = ["The body is not valid JSON."];
            return (null, errors);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors["body"] = ["The body must be a JSON object with email and password."];
                return (null, errors);
            }

            var email = Field(document.RootElement, "email", LoginAttempt.UserNameMaxLength, errors);
            var password = Field(document.RootElement, "password", CommonPasswordValidator.MaxLength, errors);
            if (email is not null && TypedText.Problem(email) is { } problem)
            {
                errors["email"] = [$"email {problem}."];
            }
            else if (email is not null && !new EmailAddressAttribute().IsValid(email))
            {
                errors["email"] = ["email is not an email address."];
            }

            var twoFactorCode = Optional(document.RootElement, "twoFactorCode", errors);
            var recoveryCode = Optional(document.RootElement, "recoveryCode", errors);
            if (twoFactorCode is not null && recoveryCode is not null)
            {
                errors["recoveryCode"] = ["Send twoFactorCode or recoveryCode, not both."];
            }

            return errors.Count == 0 ? (new LoginRequest(email!, password!, twoFactorCode, recoveryCode), errors) : (null, errors);
        }
    }

    /// <summary>An optional code: absent or null is none; otherwise a short string of visible characters.</summary>
    private static string? Optional(JsonElement root, string name, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null)
        {
            return null;
        }

        var text = Field(root, name, CodeMaxLength, errors);
        if (text is not null && (text.Any(char.IsControl) || TypedText.Problem(text) is not null))
        {
            errors[name] = [$"{name} holds characters a code cannot have."];
            return null;
        }

        return text?.Replace(" ", "", StringComparison.Ordinal);
    }

    private static string? Field(JsonElement root, string name, int maxLength, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            errors[name] = [$"{name} is required."];
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors[name] = [$"{name} must be a string."];
            return null;
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON but no string: System.Text.Json refuses to read it.
            errors[name] = [$"{name} is not valid text (it holds an unpaired UTF-16 surrogate)."];
            return null;
        }

        if (text.Length == 0)
        {
            errors[name] = [$"{name} is required."];
            return null;
        }

        if (text.Length > maxLength)
        {
            errors[name] = [$"{name} can be at most {maxLength} characters."];
            return null;
        }

        return text;
    }
}
