namespace AdminConsole.Core.Attempts;

/// <summary>History is kept at least as long as the console shows it and the audit log must last.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions o) => OptionsRules.Check(
        (o.AttemptDays >= RetentionOptions.MinAttemptDays, "Retention:AttemptDays must be at least 31: the dashboard shows the last 30 days."),
        (o.EventDays >= 90, "Retention:EventDays must be at least 90: the audit log is kept for at least three months."),
        (o.MailDays >= 1, "Retention:MailDays must be at least 1."),
        (o.AddressDays >= 1 && o.AddressDays <= o.AttemptDays,
            "Retention:AddressDays must be from 1 to Retention:AttemptDays: addresses are pseudonymised before their attempts are deleted."),
        (o.Interval > TimeSpan.Zero && o.BatchSize > 0, "Retention:Interval and BatchSize must be positive."));
}
