using MailKit.Net.Smtp;
using Microsoft.Extensions.Hosting;
using MimeKit;

namespace AdminConsole.Core.Mail;

/// <summary>Hands mail to SMTP (<c>Mail:Smtp:Host</c> set) or writes .eml files to the pickup folder.</summary>
public sealed class MailTransport(IOptionsMonitor<MailOptions> options, IHostEnvironment environment)
{
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(options.CurrentValue.Smtp.Host);

    public string PickupDirectory => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.CurrentValue.PickupDirectory));

    public static MimeMessage ToMime(OutboxMail mail, MailOptions options)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Headers.Add("X-AdminConsole-Kind", mail.Kind);
        message.Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody();
        return message;
    }

    /// <summary>Sends each mail and reports each one's outcome: null when sent, else the error.</summary>
    public async Task SendAsync(IReadOnlyList<OutboxMail> mails, Func<OutboxMail, Exception?, Task> done, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        if (!UsesSmtp)
        {
            Directory.CreateDirectory(PickupDirectory);
            foreach (var mail in mails)
            {
                Exception? error = null;
                try
                {
                    await ToMime(mail, o).WriteToAsync(Path.Combine(PickupDirectory, $"{mail.CreatedAt:yyyyMMddHHmmss}-{mail.Id}.eml"), cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error = e;
                }

                await done(mail, error);
            }

            return;
        }

        using var client = new SmtpClient { Timeout = (int)o.Smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(o.Smtp.Host!, o.Smtp.Port, o.Smtp.Security, cancellationToken);
            if (!string.IsNullOrEmpty(o.Smtp.UserName))
            {
                await client.AuthenticateAsync(o.Smtp.UserName, o.Smtp.Password ?? "", cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var mail in mails)
            {
                await done(mail, e);
            }

            return;
        }

        foreach (var mail in mails)
        {
            Exception? error = null;
            try
            {
                await client.SendAsync(ToMime(mail, o), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = e;
            }

            await done(mail, error);
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
