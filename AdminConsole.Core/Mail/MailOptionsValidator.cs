namespace AdminConsole.Core.Mail;

/// <summary>A sender address that parses, a real port, positive outbox timings, and a support contact that is an address or a web page.</summary>
public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    /// <summary>Unset, a plain mail address (no display name, no line breaks), or an absolute http(s) URL.</summary>
    public static bool IsSupportContact(string? contact) =>
        contact is null
        || (contact.Length <= 256 && !contact.Any(char.IsControl) && !contact.Contains(' ', StringComparison.Ordinal)
            && (Uri.TryCreate(contact, UriKind.Absolute, out var url)
                ? (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(url.UserInfo)
                : MimeKit.MailboxAddress.TryParse(contact, out var mailbox) && mailbox.Address == contact && contact.Contains('@', StringComparison.Ordinal)));

    public ValidateOptionsResult Validate(string? name, MailOptions o) => OptionsRules.Check(
        (MimeKit.MailboxAddress.TryParse(o.From, out _), "Mail:From must be a mail address, like 'AdminConsole <security@example.com>'."),
        (o.Smtp.Port is > 0 and < 65536, "Mail:Smtp:Port must be from 1 to 65535."),
        (o.PollInterval > TimeSpan.Zero && o.MaxBackoff > TimeSpan.Zero && o.BatchSize > 0, "Mail:PollInterval, MaxBackoff and BatchSize must be positive."),
        (IsSupportContact(o.SupportContact), "Mail:SupportContact must be a mail address (support@example.com) or an http(s) URL (https://help.example.com/), or unset."));
}
