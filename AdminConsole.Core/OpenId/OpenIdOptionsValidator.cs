namespace AdminConsole.Core.OpenId;

/// <summary>Every application from configuration is checked at start; each error names the key to fix.</summary>
public sealed class OpenIdOptionsValidator : IValidateOptions<OpenIdOptions>
{
    public const int MinimumSecretLength = 32;

    /// <summary>The most redirect or post-logout addresses one application may register.</summary>
    public const int MaximumAddresses = 20;

    public ValidateOptionsResult Validate(string? name, OpenIdOptions o)
    {
        const string s = OpenIdOptions.Section;
        var errors = new List<string>();
        Range(errors, $"{s}:AccessTokenLifetime", o.AccessTokenLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        Range(errors, $"{s}:IdentityTokenLifetime", o.IdentityTokenLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        Range(errors, $"{s}:AuthorizationCodeLifetime", o.AuthorizationCodeLifetime, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));
        Range(errors, $"{s}:RefreshTokenLifetime", o.RefreshTokenLifetime, TimeSpan.FromHours(1), TimeSpan.FromDays(90));
        Range(errors, $"{s}:KeyCheckInterval", o.KeyCheckInterval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        Range(errors, $"{s}:ClientFailureWindow", o.ClientFailureWindow, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        if (o.ClientFailures is not 0 and (< 3 or > 1000))
        {
            errors.Add($"{s}:ClientFailures must be 0 (no lock) or from 3 to 1000 (was {o.ClientFailures}).");
        }
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
            errors.AddRange(ValidateClient(o.Clients[i], ids).Select(e => $"{s}:Clients:{i}:{e.Key} {e.Sentence}"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// The rules for one application, from configuration or from the console: each error names its field (and line,
    /// for a list) and reads as a sentence after it ("must be ...").
    /// </summary>
    public static List<ClientError> ValidateClient(OpenIdClientOptions c, ISet<string> takenIds)
    {
        var errors = new List<ClientError>();
        void Add(string field, string sentence, int? line = null) => errors.Add(new ClientError(field, line, sentence));

        if (OpenIdRequestClient.Clean(c.ClientId) is null)
        {
            Add(nameof(c.ClientId), $"must be 1 to 100 letters, digits, '.', '_' or '-' (was '{c.ClientId}').");
        }
        else if (c.ClientId == ApiTokenClient.ClientId)
        {
            Add(nameof(c.ClientId), $"'{c.ClientId}' is reserved for the token API.");
        }
        else if (Guid.TryParse(c.ClientId, out _))
        {
            // A client acting for itself is the subject of its tokens: it must never read as an account's id.
            Add(nameof(c.ClientId), $"'{c.ClientId}' has the form of an account id (a GUID): choose a name.");
        }
        else if (!takenIds.Add(c.ClientId!))
        {
            Add(nameof(c.ClientId), $"'{c.ClientId}' is used by another client.");
        }

        if (string.IsNullOrWhiteSpace(c.DisplayName) || c.DisplayName.Length > 100 || c.DisplayName.Any(char.IsControl))
        {
            Add(nameof(c.DisplayName), "is required: at most 100 characters, no control characters.");
        }

        var confidential = string.Equals(c.Type, OpenIdClientTypes.Confidential, StringComparison.OrdinalIgnoreCase);
        if (!confidential && !string.Equals(c.Type, OpenIdClientTypes.Public, StringComparison.OrdinalIgnoreCase))
        {
            Add(nameof(c.Type), $"must be '{OpenIdClientTypes.Public}' or '{OpenIdClientTypes.Confidential}' (was '{c.Type}').");
        }
        else if (confidential && (c.ClientSecret is null || c.ClientSecret.Length < MinimumSecretLength))
        {
            Add(nameof(c.ClientSecret), $"is required for a confidential client: at least {MinimumSecretLength} characters.");
        }
        else if (!confidential && !string.IsNullOrEmpty(c.ClientSecret))
        {
            Add(nameof(c.ClientSecret), "must be empty for a public client (a public client cannot keep a secret).");
        }
        else if (!confidential && c.RedirectUris.Count == 0)
        {
            Add(nameof(c.RedirectUris), "is required for a public client.", 0);
        }

        if (c.RedirectUris.Count > MaximumAddresses)
        {
            Add(nameof(c.RedirectUris), $"may hold at most {MaximumAddresses} addresses.");
        }

        if (c.PostLogoutRedirectUris.Count > MaximumAddresses)
        {
            Add(nameof(c.PostLogoutRedirectUris), $"may hold at most {MaximumAddresses} addresses.");
        }

        for (var i = 0; i < Math.Min(c.RedirectUris.Count, MaximumAddresses); i++)
        {
            Address(errors, nameof(c.RedirectUris), i, c.RedirectUris[i]);
        }

        for (var i = 0; i < Math.Min(c.PostLogoutRedirectUris.Count, MaximumAddresses); i++)
        {
            Address(errors, nameof(c.PostLogoutRedirectUris), i, c.PostLogoutRedirectUris[i]);
        }

        if (c.BackChannelLogoutUri is { Length: > 0 } backChannel)
        {
            Address(errors, nameof(c.BackChannelLogoutUri), null, backChannel);
        }

        for (var i = 0; i < c.Scopes.Count; i++)
        {
            if (!OpenIdScopes.Supported.Contains(c.Scopes[i]))
            {
                Add(nameof(c.Scopes), $"must be one of {string.Join(", ", OpenIdScopes.Supported)} (was '{c.Scopes[i]}').", i);
            }
        }

        if (c.RedirectUris.Count > 0 && !c.Scopes.Contains(OpenIddict.Abstractions.OpenIddictConstants.Scopes.OpenId))
        {
            Add(nameof(c.Scopes), "must include 'openid' for a client that signs people in (it has redirect URIs).");
        }

        if (string.Equals(c.Consent, OpenIdClientTypes.ExplicitConsent, StringComparison.OrdinalIgnoreCase))
        {
            Add(nameof(c.Consent), $"'{OpenIdClientTypes.ExplicitConsent}' needs a consent page, which AdminConsole does not have yet: use '{OpenIdClientTypes.ImplicitConsent}'.");
        }
        else if (!string.Equals(c.Consent ?? OpenIdClientTypes.ImplicitConsent, OpenIdClientTypes.ImplicitConsent, StringComparison.OrdinalIgnoreCase))
        {
            Add(nameof(c.Consent), $"must be '{OpenIdClientTypes.ImplicitConsent}' or '{OpenIdClientTypes.ExplicitConsent}' (was '{c.Consent}').");
        }

        return errors;
    }

    /// <summary>An absolute https address without a fragment; plain http only on a loopback host (development).</summary>
    private static void Address(List<ClientError> errors, string field, int? line, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0 || value.Length > 2000
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            var shown = value.Length > 100 ? value[..100] + "…" : value;
            errors.Add(new ClientError(field, line, $"must be an absolute https address without a fragment (http only for a loopback host) (was '{shown}')."));
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

/// <summary>One rule an application breaks: the field, the line of a list field, and the sentence that follows it.</summary>
public sealed record ClientError(string Field, int? Line, string Sentence)
{
    /// <summary>As configuration names it: <c>RedirectUris:0</c>.</summary>
    public string Key => Line is { } line ? $"{Field}:{line}" : Field;
}
