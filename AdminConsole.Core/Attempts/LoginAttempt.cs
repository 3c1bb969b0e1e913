namespace AdminConsole.Core.Attempts;

/// <summary>One recorded sign-in attempt, whatever its outcome (ASVS 16.3.1).</summary>
public sealed class LoginAttempt
{
    public const int UserAgentMaxLength = 256;
    public const int UserNameMaxLength = 256;
    public const int AddressMaxLength = 64;

    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The normalised user name as typed, whether or not an account has it.</summary>
    public required string UserName { get; set; }

    public string? UserId { get; set; }

    public required string Address { get; set; }

    public string? UserAgent { get; set; }

    public LoginOutcome Outcome { get; set; }

    /// <summary>The lockout tier in force after the attempt (0 = none).</summary>
    public int Tier { get; set; }

    /// <summary>How many requests this row stands for: 1, or N for a per-minute summary of rejected requests.</summary>
    public int Count { get; set; } = 1;
}
