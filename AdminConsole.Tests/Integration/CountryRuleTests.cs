using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.IpProtection;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Country rules beside address rules, on Kestrel behind a trusted loopback proxy: a denied country is refused before
/// any hash, an allowed one is exempt from automatic blocks, bad input changes nothing, and every rule is audited.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class CountryRuleTests(GeoAppFactory app) : IClassFixture<GeoAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> AddRuleAsync(HttpClient admin, object body) =>
        admin.PostAsJsonAsync("/api/admin/ip-rules", body, Cancel);

    [Fact]
    public async Task A_denied_country_is_refused_before_the_password_hash_and_the_rule_is_audited()
    {
        var admin = await app.ConsoleAsync(AppRoles.SecurityAdmin);
        var email = await app.CreateUserAsync();

        using var added = await AddRuleAsync(admin, new { country = "jp", kind = "Deny", reason = "No staff in Japan" });
        var hashesBefore = app.Hasher.Verifications;
        using var fromJapan = await app.Browser(TestGeoDatabases.JapanAddress).LoginAsync(email, TestPasswords.Good);
        var hashesAfter = app.Hasher.Verifications;
        using var fromFrance = await app.Browser(TestGeoDatabases.FranceAddress).LoginAsync(email, TestPasswords.Good);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var rule = JsonDocument.Parse(await added.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.Equal(("JP", "JP", "Deny"), (rule.GetProperty("country").GetString(), rule.GetProperty("network").GetString(), rule.GetProperty("kind").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, fromJapan.StatusCode);
        Assert.Equal(hashesBefore, hashesAfter);
        Assert.Equal(HttpStatusCode.OK, fromFrance.StatusCode);
        var audit = await app.WithDbAsync(db => db.SecurityEvents.AsNoTracking().Where(e => e.Type == SecurityEventType.AddressRuleAdded).ToListAsync());
        var details = Assert.Single(audit, e => e.DetailsAs<AddressRuleAddedDetails>()?.Country == "JP").DetailsAs<AddressRuleAddedDetails>()!;
        Assert.Equal(("Deny", "jp"), (details.Kind, details.Typed));
    }

    [Fact]
    public async Task Ending_a_country_rule_lets_the_country_in_again()
    {
        var admin = await app.ConsoleAsync(AppRoles.SecurityAdmin);
        using var added = await AddRuleAsync(admin, new { country = "DE", kind = "Deny", reason = "Incident 42" });
        var id = JsonDocument.Parse(await added.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("id").GetInt64();
        using var refused = await app.Browser(TestGeoDatabases.GermanyAddress).LoginAsync($"geo-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong);

        using var end = new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/ip-rules/{id}?reason=Incident%20closed");
        end.Headers.Add("Sec-Fetch-Site", "same-origin"); // what the console's own page sends (ApiForgeryGuard)
        using var ended = await admin.SendAsync(end, Cancel);
        using var again = await app.Browser(TestGeoDatabases.GermanyAddress).LoginAsync($"geo-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Theory]
    [InlineData("""{"country":"ZZ","kind":"Deny","reason":"r"}""", "country")]
    [InlineData("""{"country":"FRA","kind":"Deny","reason":"r"}""", "country")]
    [InlineData("""{"country":"FR","kind":"Deny","reason":"  "}""", "reason")]
    [InlineData("""{"country":"FR","kind":"Deny"}""", "reason")]
    [InlineData("""{"country":"FR","network":"203.0.113.0/25","kind":"Deny","reason":"r"}""", "network")]
    [InlineData("""{"country":"FR","kind":"Deny","reason":"r","expiresAt":"2020-01-01T00:00:00Z"}""", "expiresAt")]
    public async Task A_bad_country_rule_is_refused_with_its_field_and_changes_nothing(string body, string field)
    {
        var admin = await app.ConsoleAsync(AppRoles.SecurityAdmin);
        var before = await app.WithDbAsync(db => db.IpRules.CountAsync());

        using var response = await admin.PostAsync("/api/admin/ip-rules", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await app.WithDbAsync(db => db.IpRules.CountAsync()));
    }

    [Fact]
    public async Task Allowed_countries_are_the_only_ones_let_in_and_are_still_blocked_automatically()
    {
        var admin = await app.ConsoleAsync(AppRoles.SecurityAdmin);
        using var added = await AddRuleAsync(admin, new { country = "FR", kind = "Allow", reason = "Staff work from France only" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = JsonDocument.Parse(await added.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("id").GetInt64();
        try
        {
            using (var fromGermany = await app.Browser(TestGeoDatabases.GermanyAddress).LoginAsync($"geo-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong))
            {
                Assert.Equal(HttpStatusCode.Forbidden, fromGermany.StatusCode);
            }

            // France is let in, and a guesser there is counted and blocked like anywhere else: allowing a country
            // exempts it from nothing.
            var browser = app.Browser(TestGeoDatabases.SecondFranceAddress);
            var answers = new List<HttpStatusCode>();
            for (var i = 0; i < 12; i++)
            {
                using var response = await browser.LoginAsync($"geo-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong);
                answers.Add(response.StatusCode);
            }

            Assert.Equal(HttpStatusCode.Unauthorized, answers[0]);
            Assert.Equal(HttpStatusCode.Forbidden, answers[^1]);
            Assert.True(await app.WithDbAsync(db => db.IpRules.AnyAsync(r => r.Network == TestGeoDatabases.SecondFranceAddress && r.Source == IpRuleSource.Automatic)));
        }
        finally
        {
            using var end = new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/ip-rules/{id}?reason=Test%20over");
            end.Headers.Add("Sec-Fetch-Site", "same-origin");
            using var ended = await admin.SendAsync(end, Cancel);
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        }

        using var again = await app.Browser(TestGeoDatabases.GermanyAddress).LoginAsync($"geo-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }
}
