namespace AdminConsole.Core.Health;

/// <summary>The outbox age that makes an instance unhealthy is positive.</summary>
public sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions o) => OptionsRules.Check(
        (o.OutboxMaxAge > TimeSpan.Zero, "Health:OutboxMaxAge must be positive."));
}
