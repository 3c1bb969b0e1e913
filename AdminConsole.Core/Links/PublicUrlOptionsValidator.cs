namespace AdminConsole.Core.Links;

/// <summary>
/// Outside Development the app does not start without <c>App:PublicBaseUrl</c>: a link built from the request's
/// Host header would let anyone who can send a request choose where a reset link points.
/// </summary>
public sealed class PublicUrlOptionsValidator : IValidateOptions<PublicUrlOptions>
{
    public ValidateOptionsResult Validate(string? name, PublicUrlOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return ValidateOptionsResult.Fail(
                $"{PublicUrlOptions.Key} is not set. Set it to the address users reach the app at (e.g. https://console.example.com); "
                + "links in mail and the passkey relying party are built from it.");
        }

        return PublicLinks.TryParseBase(options.PublicBaseUrl, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{PublicUrlOptions.Key} must be an absolute http or https URL without query or fragment, e.g. https://console.example.com (got '{options.PublicBaseUrl}').");
    }
}
