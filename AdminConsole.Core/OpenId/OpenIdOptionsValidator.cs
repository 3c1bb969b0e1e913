namespace AdminConsole.Core.OpenId;

/// <summary>Every application from configuration is checked at start; each error names the key to fix.</summary>
public sealed class OpenIdOptionsValidator : IValidateOptions<OpenIdOptions>
{
    public const int MinimumSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, OpenIdOptions o)
    {
        const string s = OpenIdOptions.Section;
        var errors = new List<string>();
        Range(errors, $"{s}:AccessTokenLifetime", o.AccessTokenLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        Range(errors, $"{s}:IdentityTokenLifetime", o.IdentityTokenLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        Range(errors, $"{s}:AuthorizationCodeLifetime", o.AuthorizationCodeLifetime, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));
        Range(errors, $"{s}:RefreshTokenLifetime", o.RefreshTokenLifetime, TimeSpan.FromHours(1), TimeSpan.FromDays(90));
        Range(errors, $"{s}:KeyCheckInterval", o.KeyCheckInterval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        if (o.KeyPublishedAhead < o.KeyCheckInterval + o.KeyCheckInterval)
        {
            errors.Add($"{s}:KeyPublishedAhead must be at least twice {s}:KeyCheckInterval, so every instance sees a key before it signs (was {o.KeyPublishedAhead}).");
        }

        if (o.KeyLifetime < o.KeyPublishedAhead + o.KeyPublishedAhead)
        {
            errors.Add($"{s}:KeyLifetime must be at least twice {s}:KeyPublishedAhead (was {o.KeyLifetime}).");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.Clients.Count; i++)
        {
            ValidateClient(errors, $"{s}:Clients:{i}", o.Clients[i], ids);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateClient(List<string> errors, string key, OpenIdClientOptions c, HashSet<string> ids)
    {
        if (OpenIdRequestClient.Clean(c.ClientId) is null)
        {
            errors.Add($"{key}:ClientId must be 1 to 100 letters, digits, '.', '_' or '-' (was '{c.ClientId}').");
        }
        else if (c.ClientId == ApiTokenClient.ClientId)
        {
            errors.Add($"{key}:ClientId '{c.ClientId}' is reserved for the token API.");
        }
        else if (!ids.Add(c.ClientId!))
        {
            errors.Add($"{key}:ClientId '{c.ClientId}' is used by another client.");
        }

        if (string.IsNullOrWhiteSpace(c.DisplayName) || c.DisplayName.Length > 100 || c.DisplayName.Any(char.IsControl))
        {
            errors.Add($"{key}:DisplayName is required: at most 100 characters, no control characters.");
        }

        var confidential = string.Equals(c.Type, OpenIdClientTypes.Confidential, StringComparison.OrdinalIgnoreCase);
        if (!confidential && !string.Equals(c.Type, OpenIdClientTypes.Public, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:Type must be '{OpenIdClientTypes.Public}' or '{OpenIdClientTypes.Confidential}' (was '{c.Type}').");
        }
        else if (confidential && (c.ClientSecret is null || c.ClientSecret.Length < MinimumSecretLength))
        {
            errors.Add($"{key}:ClientSecret is required for a confidential client: at least {MinimumSecretLength} characters.");
        }
        else if (!confidential && !string.IsNullOrEmpty(c.ClientSecret))
        {
            errors.Add($"{key}:ClientSecret must be empty for a public client (a public client cannot keep a secret).");
        }
        else if (!confidential && c.RedirectUris.Count == 0)
        {
            errors.Add($"{key}:RedirectUris:0 is required for a public client.");
        }

        for (var i = 0; i < c.RedirectUris.Count; i++)
        {
            Address(errors, $"{key}:RedirectUris:{i}", c.RedirectUris[i]);
        }

        for (var i = 0; i < c.PostLogoutRedirectUris.Count; i++)
        {
            Address(errors, $"{key}:PostLogoutRedirectUris:{i}", c.PostLogoutRedirectUris[i]);
        }

        if (c.BackChannelLogoutUri is { Length: > 0 } backChannel)
        {
            Address(errors, $"{key}:BackChannelLogoutUri", backChannel);
        }

        for (var i = 0; i < c.Scopes.Count; i++)
        {
            if (!OpenIdScopes.Supported.Contains(c.Scopes[i]))
            {
                errors.Add($"{key}:Scopes:{i} must be one of {string.Join(", ", OpenIdScopes.Supported)} (was '{c.Scopes[i]}').");
            }
        }

        if (c.RedirectUris.Count > 0 && !c.Scopes.Contains(OpenIddict.Abstractions.OpenIddictConstants.Scopes.OpenId))
        {
            errors.Add($"{key}:Scopes must include 'openid' for a client that signs people in (it has redirect URIs).");
        }

        if (string.Equals(c.Consent, OpenIdClientTypes.ExplicitConsent, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:Consent '{OpenIdClientTypes.ExplicitConsent}' needs a consent page, which AdminConsole does not have yet: use '{OpenIdClientTypes.ImplicitConsent}'.");
        }
        else if (!string.Equals(c.Consent ?? OpenIdClientTypes.ImplicitConsent, OpenIdClientTypes.ImplicitConsent, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:Consent must be '{OpenIdClientTypes.ImplicitConsent}' or '{OpenIdClientTypes.ExplicitConsent}' (was '{c.Consent}').");
        }
    }

    /// <summary>An absolute https address without a fragment; plain http only on a loopback host (development).</summary>
    private static void Address(List<string> errors, string key, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0 || value.Length > 2000
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            errors.Add($"{key} must be an absolute https address without a fragment (http only for a loopback host) (was '{value}').");
        }
    }

    private static void Range(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} must be from {min} to {max} (was {value}).");
        }
    }
}
