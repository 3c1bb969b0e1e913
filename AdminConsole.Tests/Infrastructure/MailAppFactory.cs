namespace AdminConsole.Tests.Infrastructure;

/// <summary>The app with <c>Mail:Smtp:*</c> pointing at a real SMTP server on loopback.</summary>
public sealed class MailAppFactory : AppFactory
{
    public SmtpServer Smtp { get; } = new();

    public MailAppFactory()
    {
        Settings["Mail:Smtp:Host"] = "127.0.0.1";
        Settings["Mail:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Mail:Smtp:Security"] = "None";
        Settings["Mail:Smtp:Timeout"] = "00:00:05";
    }

    public override async ValueTask InitializeAsync()
    {
        await Smtp.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
    }
}
