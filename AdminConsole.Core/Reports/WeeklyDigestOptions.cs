namespace AdminConsole.Core.Reports;

/// <summary><c>Reports:WeeklyDigest:*</c>: the suspicious-activity digest mailed to the admin recipients.</summary>
public sealed class WeeklyDigestOptions
{
    public const string Section = "Reports:WeeklyDigest";

    public bool Enabled { get; set; } = true;

    /// <summary>The day the digest goes out; it reports the seven days before that day's 00:00 UTC.</summary>
    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    /// <summary>The hour (UTC, 0 to 23) on <see cref="Day"/> from which the digest is sent.</summary>
    public int Hour { get; set; } = 7;

    /// <summary>How often the sender checks whether this week's digest is due.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}
