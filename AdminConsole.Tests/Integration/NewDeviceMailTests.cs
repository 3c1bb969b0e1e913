using AdminConsole.Core.Audit;

namespace AdminConsole.Tests.Integration;

/// <summary><c>Mail:NewDeviceSignIn</c>: a sign-in from a device without the account's device cookie mails the user, except the first ever.</summary>
public sealed class NewDeviceMailTests(SignalsAppFactory app) : IClassFixture<SignalsAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Task<List<Core.Mail.OutboxMail>> NewDeviceMailsAsync(string email) =>
        app.WithDbAsync(db => db.OutboxMails.Where(m => m.To == email && m.Kind == "NewDeviceSignIn").ToListAsync(Cancel));

    [Fact]
    public async Task A_new_device_is_mailed_about_but_not_the_first_sign_in_or_a_known_device()
    {
        var email = await app.CreateUserAsync();
        using var first = app.AllowListedClient();
        await first.SignInOnceAsync(email);
        await first.SignInOnceAsync(email);
        Assert.Empty(await NewDeviceMailsAsync(email));

        var address = AppFactory.NewAddress();
        using var laptop = app.Client(address);
        laptop.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0");
        await laptop.SignInOnceAsync(email);
        await laptop.SignInOnceAsync(email); // now a known device

        var mail = Assert.Single(await NewDeviceMailsAsync(email));
        Assert.Equal("New sign-in to your account from a new device", mail.Subject);
        Assert.Contains("Firefox", mail.TextBody);
        Assert.Contains("Windows", mail.TextBody);
        Assert.Contains(address, mail.TextBody);
        Assert.Contains(app.Time.GetUtcNow().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), mail.TextBody);
        Assert.Contains(AppFactory.PublicBaseUrl + "Account/Manage/Sessions", mail.TextBody);
        Assert.True(await app.WithDbAsync(db => db.SecurityEvents.AnyAsync(e => e.Type == SecurityEventType.NewDeviceSignIn && e.TargetUserName == email.ToUpperInvariant(), Cancel)));
    }
}
