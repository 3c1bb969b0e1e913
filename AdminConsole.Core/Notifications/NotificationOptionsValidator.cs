namespace AdminConsole.Core.Notifications;

/// <summary>Positive windows, and attack thresholds of at least two (one of anything is no pattern).</summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions o) => OptionsRules.Check(
        (o.AggregationWindow > TimeSpan.Zero && o.DetectionInterval > TimeSpan.Zero && o.DetectionWindow > TimeSpan.Zero,
            "Notifications:AggregationWindow, DetectionInterval and DetectionWindow must be positive."),
        (o.SprayingAccounts >= 2 && o.DistributedAddresses >= 2 && o.AutomatedFailures >= 2,
            "Notifications:SprayingAccounts, DistributedAddresses and AutomatedFailures must be at least 2."));
}
