using Microsoft.Extensions.Options;

namespace AdminConsole.Protection;

/// <summary>One fixed-window limit.</summary>
public sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }

    public override string ToString() => $"{PermitLimit}/{Window}";
}

/// <summary>
/// <c>RateLimits:*</c>: request limits per client key (IPv4 address or IPv6 /64). With Redis they are shared by every
/// instance; without it (or while it is down) they are per process, so N instances allow up to N times the limit,
/// while the durable counters in the database (account lockout, address blocks) stay exact across instances.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public RateLimit SignIn { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };

    public RateLimit Registration { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Per address, and separately per account (the account limit is silent, to reveal nothing).</summary>
    public RateLimit PasswordReset { get; set; } = new() { PermitLimit = 3, Window = TimeSpan.FromHours(1) };

    /// <summary>Per signed-in admin.</summary>
    public RateLimit AdminUserCreation { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };

    /// <summary>Every other API endpoint; signed-in SecurityAdmins are exempt.</summary>
    public RateLimit Api { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromMinutes(15) };
}

/// <summary>Each limit allows 1 to 1,000,000 requests per window of 1 second to 1 day; errors name the key.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public const int MaxPermitLimit = 1_000_000;

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, limit) in new[]
        {
            (nameof(RateLimitOptions.SignIn), options.SignIn), (nameof(RateLimitOptions.Registration), options.Registration),
            (nameof(RateLimitOptions.PasswordReset), options.PasswordReset), (nameof(RateLimitOptions.AdminUserCreation), options.AdminUserCreation),
            (nameof(RateLimitOptions.Api), options.Api),
        })
        {
            var path = $"{RateLimitOptions.Section}:{key}";
            if (limit is null)
            {
                errors.Add($"{path} is missing.");
                continue;
            }

            if (limit.PermitLimit is < 1 or > MaxPermitLimit)
            {
                errors.Add($"{path}:PermitLimit must be from 1 to {MaxPermitLimit:N0} (was {limit.PermitLimit}).");
            }

            if (limit.Window < TimeSpan.FromSeconds(1) || limit.Window > TimeSpan.FromDays(1))
            {
                errors.Add($"{path}:Window must be from 1 second to 1 day (was {limit.Window}).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
