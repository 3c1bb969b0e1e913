namespace AdminConsole.Core.Lockout;

/// <summary>An unlock link lives at least a minute (mail takes time) and at most a day (it is a bearer secret in a mailbox).</summary>
public sealed class UnlockLinkOptionsValidator : IValidateOptions<UnlockLinkOptions>
{
    public static readonly TimeSpan Shortest = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, UnlockLinkOptions o) => OptionsRules.Check(
        (o.UnlockLinkLifetime >= Shortest && o.UnlockLinkLifetime <= Longest,
            $"{UnlockLinkOptions.Key} must be from 00:01:00 (one minute) to 1.00:00:00 (one day); it is {o.UnlockLinkLifetime}."));
}
