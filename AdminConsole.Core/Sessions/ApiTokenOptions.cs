namespace AdminConsole.Core.Sessions;

/// <summary><c>Tokens:*</c>: lifetimes of the token API's access and refresh tokens (signed with the OpenID Connect keys, <c>OpenId:Key*</c>).</summary>
public sealed class ApiTokenOptions
{
    public const string Section = "Tokens";

    /// <summary>The audience of the token API's access tokens.</summary>
    public const string Audience = "AdminConsole.Api";

    /// <summary>How long an access token (a JWT) is accepted. Short: it cannot be recalled except by ending its session.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token may wait to be used; each use gives a new one.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// More refreshes of one grant (a token API session, an application's sign-in) within an hour than this raise a
    /// Warning event and notification: a client refreshing in a loop, or a stolen token in use beside the real one.
    /// </summary>
    public int RefreshAlertPerHour { get; set; } = 10;
}

/// <summary>An access token from one minute to an hour, a refresh token from an hour to 90 days.</summary>
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

        if (o.RefreshAlertPerHour is < 1 or > 10_000)
        {
            errors.Add($"{s}:RefreshAlertPerHour must be from 1 to 10000 (was {o.RefreshAlertPerHour}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
