using System.Globalization;
using System.Text.RegularExpressions;

namespace AdminConsole.Core.Text;

/// <summary>Durations as people say them: "15 minutes", "1 hour", "2 days"; and as they type them: "15m", "1h 30m", "2d".</summary>
public static partial class DurationText
{
    public const string InputHint = "Like 30s, 15m, 1h 30m or 2d.";

    public static string Describe(TimeSpan span) =>
        Whole(span.TotalDays) ? Plural(span.TotalDays, "day")
        : Whole(span.TotalHours) ? Plural(span.TotalHours, "hour")
        : Whole(span.TotalMinutes) ? Plural(span.TotalMinutes, "minute")
        : Plural(Math.Round(span.TotalSeconds), "second");

    /// <summary>
    /// A time still to wait, rounded the way people say it: whole minutes rounded up under an hour (so nobody comes
    /// back too early), the nearest hour under two days, the nearest day beyond; never less than a minute.
    /// </summary>
    public static TimeSpan RoundedWait(TimeSpan remaining)
    {
        var minutes = Math.Max(1, Math.Ceiling(remaining.TotalMinutes));
        return minutes < 60 ? TimeSpan.FromMinutes(minutes)
            : minutes < 48 * 60 ? TimeSpan.FromHours(Math.Round(minutes / 60, MidpointRounding.AwayFromZero))
            : TimeSpan.FromDays(Math.Round(minutes / (24 * 60), MidpointRounding.AwayFromZero));
    }

    /// <summary>The short form <see cref="TryParse"/> reads back: "1h 30m".</summary>
    public static string Format(TimeSpan span)
    {
        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add($"{span.Days}d");
        }

        if (span.Hours > 0)
        {
            parts.Add($"{span.Hours}h");
        }

        if (span.Minutes > 0)
        {
            parts.Add($"{span.Minutes}m");
        }

        if (span.Seconds > 0 || parts.Count == 0)
        {
            parts.Add($"{span.Seconds}s");
        }

        return string.Join(" ", parts);
    }

    /// <summary>Reads "30s", "15m", "1h 30m", "2d" (units d, h, m, s, each at most once, largest first).</summary>
    public static bool TryParse(string? text, out TimeSpan span)
    {
        span = TimeSpan.Zero;
        var match = text is null ? null : ShortForm().Match(text.Trim().ToLowerInvariant());
        if (match is null || !match.Success || match.Value.Trim().Length == 0)
        {
            return false;
        }

        try
        {
            span = TimeSpan.FromDays(Part(match, "d")) + TimeSpan.FromHours(Part(match, "h"))
                + TimeSpan.FromMinutes(Part(match, "m")) + TimeSpan.FromSeconds(Part(match, "s"));
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static int Part(Match match, string unit) =>
        match.Groups[unit].Success ? int.Parse(match.Groups[unit].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?:(?<d>[0-9]{1,4})\s*d)?\s*(?:(?<h>[0-9]{1,5})\s*h)?\s*(?:(?<m>[0-9]{1,6})\s*m)?\s*(?:(?<s>[0-9]{1,7})\s*s)?$")]
    private static partial Regex ShortForm();

    private static bool Whole(double value) => value >= 1 && value == Math.Floor(value);

    private static string Plural(double value, string unit) => $"{value:0} {unit}{(value == 1 ? "" : "s")}";
}
