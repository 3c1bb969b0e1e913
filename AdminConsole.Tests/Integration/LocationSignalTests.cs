using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Location;
using AdminConsole.Core.Notifications;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Successful sign-ins judged by their country, on Kestrel behind a trusted loopback proxy: a new country for the
/// account and impossible travel raise security events, notifications (with the location) and stay quiet otherwise.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class LocationSignalTests(GeoAppFactory app) : IClassFixture<GeoAppFactory>
{
    private async Task SignInFromAsync(string email, string address)
    {
        using var response = await app.Browser(address).LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<List<SecurityEvent>> EventsOfAsync(string email) =>
        app.WithDbAsync(db => db.SecurityEvents.AsNoTracking()
            .Where(e => e.TargetUserName == email.ToUpperInvariant() && (e.Type == SecurityEventType.NewCountrySignIn || e.Type == SecurityEventType.ImpossibleTravel))
            .ToListAsync());

    [Fact]
    public async Task Japan_an_hour_after_france_is_a_new_country_and_impossible_travel()
    {
        var email = await app.CreateUserAsync();
        await SignInFromAsync(email, TestGeoDatabases.FranceAddress);
        app.Time.Advance(TimeSpan.FromHours(1));

        await SignInFromAsync(email, TestGeoDatabases.JapanAddress);

        var events = await EventsOfAsync(email);
        var newCountry = Assert.Single(events, e => e.Type == SecurityEventType.NewCountrySignIn).DetailsAs<NewCountrySignInDetails>()!;
        Assert.Equal(("JP", "FR", 64501), (newCountry.Country, newCountry.PreviousCountry, newCountry.Asn));
        var travel = Assert.Single(events, e => e.Type == SecurityEventType.ImpossibleTravel);
        Assert.Equal((SecurityEventSeverity.Critical, TestGeoDatabases.JapanAddress), (travel.Severity, travel.Address));
        var details = travel.DetailsAs<ImpossibleTravelDetails>()!;
        Assert.Equal(("FR", TestGeoDatabases.FranceAddress, "JP"), (details.FromCountry, details.FromAddress, details.ToCountry));
        Assert.InRange(details.SpeedKmh!.Value, 9_000, 10_000);
        var notification = await app.WithDbAsync(db => db.AdminNotifications.AsNoTracking()
            .SingleAsync(n => n.Type == NotificationType.ImpossibleTravel && n.Subject == email.ToUpperInvariant()));
        Assert.Equal("Japan (JP), AS64501 Example Transit JP", notification.Location);
    }

    [Fact]
    public async Task Germany_half_a_day_after_france_is_a_new_country_but_no_impossible_travel()
    {
        var email = await app.CreateUserAsync();
        await SignInFromAsync(email, TestGeoDatabases.FranceAddress);
        app.Time.Advance(TimeSpan.FromHours(12));

        await SignInFromAsync(email, TestGeoDatabases.GermanyAddress);

        var only = Assert.Single(await EventsOfAsync(email));
        Assert.Equal(SecurityEventType.NewCountrySignIn, only.Type);
        Assert.Equal("DE", only.DetailsAs<NewCountrySignInDetails>()!.Country);
    }

    [Fact]
    public async Task The_first_sign_in_and_a_return_to_a_known_country_raise_nothing()
    {
        var email = await app.CreateUserAsync();
        await SignInFromAsync(email, TestGeoDatabases.FranceAddress);
        app.Time.Advance(TimeSpan.FromDays(1));
        await SignInFromAsync(email, TestGeoDatabases.GermanyAddress);
        app.Time.Advance(TimeSpan.FromDays(1));

        await SignInFromAsync(email, TestGeoDatabases.SecondFranceAddress);

        Assert.Equal([SecurityEventType.NewCountrySignIn], (await EventsOfAsync(email)).Select(e => e.Type));
    }

    [Fact]
    public async Task The_signals_answer_for_an_attempt_not_yet_recorded()
    {
        var email = await app.CreateUserAsync();
        await SignInFromAsync(email, TestGeoDatabases.FranceAddress);
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        app.Time.Advance(TimeSpan.FromMinutes(30));

        await using var scope = app.Services.CreateAsyncScope();
        var signals = scope.ServiceProvider.GetRequiredService<LocationSignals>();
        var toJapan = await signals.EvaluateAsync(
            new LoginAttempt { UserName = email.ToUpperInvariant(), UserId = userId, Address = TestGeoDatabases.JapanAddress, Country = "JP" }, TestContext.Current.CancellationToken);
        var toFrance = await signals.EvaluateAsync(
            new LoginAttempt { UserName = email.ToUpperInvariant(), UserId = userId, Address = TestGeoDatabases.SecondFranceAddress, Country = "FR" }, TestContext.Current.CancellationToken);

        Assert.Equal((true, true), (toJapan.NewCountry, toJapan.ImpossibleTravel));
        Assert.Equal((false, false), (toFrance.NewCountry, toFrance.ImpossibleTravel));
    }
}
