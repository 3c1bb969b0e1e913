namespace AdminConsole.Core.Reports;

/// <summary>The digest goes out on a real day at a real hour, checked at a positive interval.</summary>
public sealed class WeeklyDigestOptionsValidator : IValidateOptions<WeeklyDigestOptions>
{
    public ValidateOptionsResult Validate(string? name, WeeklyDigestOptions o) => OptionsRules.Check(
        (o.Hour is >= 0 and <= 23, "Reports:WeeklyDigest:Hour must be from 0 to 23."),
        (Enum.IsDefined(o.Day), "Reports:WeeklyDigest:Day must be a day of the week, like Monday."),
        (o.CheckInterval > TimeSpan.Zero, "Reports:WeeklyDigest:CheckInterval must be positive."));
}
