using System.Text.Json;
using AdminConsole.Core.Notifications;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Notifications and mails say where an address is: an account locked by guesses from a French address, through the
/// trusted loopback proxy, gets a notification whose location the notification API returns, and a mail that names
/// the place beside the address.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class LocationNoticeTests(GeoAppFactory app) : IClassFixture<GeoAppFactory>
{
    private const string France = "France (FR), AS64500 Example Transit FR";

    [Fact]
    public async Task A_lock_from_a_placed_address_is_notified_and_mailed_with_its_location()
    {
        var email = await app.CreateUserAsync();
        var guesser = app.Browser(TestGeoDatabases.FranceAddress);

        using (var _ = await guesser.FailTimesAsync(email, 5))
        {
        }

        var notification = await app.WithDbAsync(db => db.AdminNotifications.AsNoTracking()
            .SingleAsync(n => n.Type == NotificationType.AccountLocked && n.Subject == email.ToUpperInvariant()));
        Assert.Equal(France, notification.Location);
        var mail = await app.WithDbAsync(db => db.OutboxMails.AsNoTracking().SingleAsync(m => m.To == email && m.Kind == "AccountLocked"));
        Assert.Contains($"{TestGeoDatabases.FranceAddress} ({France})", mail.TextBody, StringComparison.Ordinal);

        var viewer = await app.ConsoleAsync(AppRoles.SecurityViewer);
        var page = await viewer.GetFromJsonAsync<JsonElement>("/api/admin/notifications?type=AccountLocked", TestContext.Current.CancellationToken);
        var item = Assert.Single(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("notification").GetProperty("id").GetInt64() == notification.Id);
        Assert.Equal(France, item.GetProperty("notification").GetProperty("location").GetString());
    }

    [Fact]
    public async Task A_lock_from_an_unplaced_address_has_no_location()
    {
        var email = await app.CreateUserAsync();

        using (var _ = await app.Browser(TestGeoDatabases.UnplacedAddress).FailTimesAsync(email, 5))
        {
        }

        var notification = await app.WithDbAsync(db => db.AdminNotifications.AsNoTracking()
            .SingleAsync(n => n.Type == NotificationType.AccountLocked && n.Subject == email.ToUpperInvariant()));
        Assert.Null(notification.Location);
        var mail = await app.WithDbAsync(db => db.OutboxMails.AsNoTracking().SingleAsync(m => m.To == email && m.Kind == "AccountLocked"));
        Assert.Contains($"came from {TestGeoDatabases.UnplacedAddress} at", mail.TextBody, StringComparison.Ordinal);
    }
}
