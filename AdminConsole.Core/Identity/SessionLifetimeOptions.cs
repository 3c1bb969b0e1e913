namespace AdminConsole.Core.Identity;

/// <summary>
/// <c>Session:*</c>: how long a signed-in browser stays signed in (OWASP Session Management Cheat Sheet; ASVS 4.0.3
/// 3.3.2 at level 2: re-authentication within 12 hours or 30 minutes of inactivity). Console roles get shorter
/// limits: their sessions can change who may sign in.
/// </summary>
public sealed class SessionLifetimeOptions
{
    public const string Section = "Session";

    /// <summary>An ordinary user is signed out after this long without a request.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An ordinary user signs in again after this long, however active.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A SecurityAdmin or SecurityViewer is signed out after this long without a request.</summary>
    public TimeSpan ConsoleIdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A SecurityAdmin or SecurityViewer signs in again after this long, however active.</summary>
    public TimeSpan ConsoleAbsoluteLifetime { get; set; } = TimeSpan.FromHours(8);

    public (TimeSpan Idle, TimeSpan Absolute) For(bool consoleRole) =>
        consoleRole ? (ConsoleIdleTimeout, ConsoleAbsoluteLifetime) : (IdleTimeout, AbsoluteLifetime);
}

/// <summary>Positive limits, idle within absolute, and console limits no longer than ordinary users' (the key is named).</summary>
public sealed class SessionLifetimeOptionsValidator : IValidateOptions<SessionLifetimeOptions>
{
    private static readonly TimeSpan Shortest = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, SessionLifetimeOptions o)
    {
        const string s = SessionLifetimeOptions.Section;
        var errors = new List<string>();
        foreach (var (key, value) in new[]
                 {
                     (nameof(o.IdleTimeout), o.IdleTimeout), (nameof(o.AbsoluteLifetime), o.AbsoluteLifetime),
                     (nameof(o.ConsoleIdleTimeout), o.ConsoleIdleTimeout), (nameof(o.ConsoleAbsoluteLifetime), o.ConsoleAbsoluteLifetime),
                 })
        {
            if (value < Shortest)
            {
                errors.Add($"{s}:{key} must be at least one minute (was {value}).");
            }
        }

        if (o.IdleTimeout > o.AbsoluteLifetime)
        {
            errors.Add($"{s}:IdleTimeout ({o.IdleTimeout}) must not be longer than {s}:AbsoluteLifetime ({o.AbsoluteLifetime}).");
        }

        if (o.ConsoleIdleTimeout > o.ConsoleAbsoluteLifetime)
        {
            errors.Add($"{s}:ConsoleIdleTimeout ({o.ConsoleIdleTimeout}) must not be longer than {s}:ConsoleAbsoluteLifetime ({o.ConsoleAbsoluteLifetime}).");
        }

        if (o.ConsoleIdleTimeout > o.IdleTimeout || o.ConsoleAbsoluteLifetime > o.AbsoluteLifetime)
        {
            errors.Add($"{s}:ConsoleIdleTimeout and {s}:ConsoleAbsoluteLifetime must not be longer than {s}:IdleTimeout and {s}:AbsoluteLifetime: console roles get the shorter sessions.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
