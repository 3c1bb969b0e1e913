namespace AdminConsole.Core.Lockout;

/// <summary>A known device as the console shows it.</summary>
public sealed record KnownDeviceView(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    string? Address,
    string? UserAgent,
    int Failures,
    DateTimeOffset? LockedUntil)
{
    /// <summary>Browser and operating system in words, e.g. "Chrome 131 on Windows".</summary>
    public string Device => Sessions.UserAgentSummary.Describe(UserAgent);

    /// <summary>A short, harmless handle for the device in lists and the audit log (the id itself is the cookie's secret).</summary>
    public string Label => Id[..8];
}
