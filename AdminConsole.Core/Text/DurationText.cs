namespace AdminConsole.Core.Text;

/// <summary>Durations as people say them: "15 minutes", "1 hour", "2 days".</summary>
public static class DurationText
{
    public static string Describe(TimeSpan span) =>
        Whole(span.TotalDays) ? Plural(span.TotalDays, "day")
        : Whole(span.TotalHours) ? Plural(span.TotalHours, "hour")
        : Whole(span.TotalMinutes) ? Plural(span.TotalMinutes, "minute")
        : Plural(Math.Round(span.TotalSeconds), "second");

    private static bool Whole(double value) => value >= 1 && value == Math.Floor(value);

    private static string Plural(double value, string unit) => $"{value:0} {unit}{(value == 1 ? "" : "s")}";
}
