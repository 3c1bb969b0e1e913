namespace AdminConsole.Core.Webhooks;

/// <summary>A bounded number of tries and positive outbox timings.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions o) => OptionsRules.Check(
        (o.MaxAttempts is >= 1 and <= 100, "Webhooks:MaxAttempts must be from 1 to 100."),
        (o.MaxBackoff > TimeSpan.Zero && o.Timeout > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.BatchSize > 0,
            "Webhooks:MaxBackoff, Timeout, PollInterval and BatchSize must be positive."));
}
