namespace AdminConsole.Core.Mail;

/// <summary>
/// <c>Mail:*</c>: the sender and SMTP (<c>Mail:Smtp:*</c>); without an SMTP host, a pickup folder. Links in mail
/// start with <c>App:PublicBaseUrl</c> (<see cref="Links.PublicUrlOptions"/>).
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string From { get; set; } = "AdminConsole <security@adminconsole.local>";

    /// <summary>Where mail is written as .eml files when <see cref="SmtpOptions.Host"/> is empty (relative to the content root).</summary>
    public string PickupDirectory { get; set; } = "mail-pickup";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>How often the outbox is checked when nothing signals it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between tries of one mail; waits double from 5 seconds up to this.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(15);

    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// Mail the user after a sign-in from a device without the account's device cookie (not after the account's
    /// first sign-in).
    /// </summary>
    public bool NewDeviceSignIn { get; set; } = true;

    /// <summary>
    /// Whom a locked-out user can ask for help: a mail address or an http(s) URL, named in the lock and unlock mails.
    /// Unset, the mails name none.
    /// </summary>
    public string? SupportContact { get; set; }
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's SecureSocketOptions).</summary>
    public MailKit.Security.SecureSocketOptions Security { get; set; } = MailKit.Security.SecureSocketOptions.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}
