using AdminConsole.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Mail;

/// <summary>The mail outbox (<c>Mail:*</c>): account mail written to it, and the sender that delivers it.</summary>
public static class MailSetup
{
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<MailOptions, MailOptionsValidator>(MailOptions.Section);
        services.TryAddSingleton<MailSignal>();
        services.TryAddSingleton<MailTransport>();
        services.TryAddScoped<AccountMail>();
        services.TryAddScoped<IEmailSender<AppUser>>(sp => sp.GetRequiredService<AccountMail>());
        services.AddHostedService<MailSender>();
        return builder;
    }
}
