using System.ComponentModel.DataAnnotations;

namespace AdminConsole.Protection;

/// <summary>One fixed-window limit.</summary>
public sealed class RateLimit
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; }
}

/// <summary>
/// <c>RateLimits:*</c>: request limits per client key (IPv4 address or IPv6 /64). They are per process: behind a
/// load balancer with N instances a client gets up to N times the limit, while the durable counters in the
/// database (account lockout, address blocks) stay exact across instances.
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
