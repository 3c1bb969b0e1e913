namespace AdminConsole.Core.Sessions;

/// <summary><c>Tokens:*</c>: access and refresh tokens for API clients, and how often their signing key rotates.</summary>
public sealed class ApiTokenOptions
{
    public const string Section = "Tokens";

    public const string Issuer = "AdminConsole";
    public const string Audience = "AdminConsole.Api";

    /// <summary>How long an access token (a JWT) is accepted. Short: it cannot be recalled except by ending its session.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token may wait to be used; each use gives a new one.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A new signing key is made after this long; older keys verify tokens until they could have expired.</summary>
    public TimeSpan SigningKeyLifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>Positive lifetimes, an access token far shorter than a refresh token, a key outliving its tokens.</summary>
public sealed class ApiTokenOptionsValidator : IValidateOptions<ApiTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiTokenOptions o)
    {
        const string s = ApiTokenOptions.Section;
        var errors = new List<string>();
        if (o.AccessTokenLifetime < TimeSpan.FromMinutes(1) || o.AccessTokenLifetime > TimeSpan.FromHours(1))
        {
            errors.Add($"{s}:AccessTokenLifetime must be from one minute to one hour (was {o.AccessTokenLifetime}).");
        }

        if (o.RefreshTokenLifetime < TimeSpan.FromHours(1) || o.RefreshTokenLifetime > TimeSpan.FromDays(90))
        {
            errors.Add($"{s}:RefreshTokenLifetime must be from one hour to 90 days (was {o.RefreshTokenLifetime}).");
        }

        if (o.SigningKeyLifetime < TimeSpan.FromDays(1))
        {
            errors.Add($"{s}:SigningKeyLifetime must be at least one day (was {o.SigningKeyLifetime}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
