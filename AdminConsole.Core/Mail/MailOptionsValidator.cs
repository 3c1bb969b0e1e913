namespace AdminConsole.Core.Mail;

/// <summary>A sender address that parses, a real port, and positive outbox timings.</summary>
public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions o) => OptionsRules.Check(
        (MimeKit.MailboxAddress.TryParse(o.From, out _), "Mail:From must be a mail address, like 'AdminConsole <security@example.com>'."),
        (o.Smtp.Port is > 0 and < 65536, "Mail:Smtp:Port must be from 1 to 65535."),
        (o.PollInterval > TimeSpan.Zero && o.MaxBackoff > TimeSpan.Zero && o.BatchSize > 0, "Mail:PollInterval, MaxBackoff and BatchSize must be positive."));
}
