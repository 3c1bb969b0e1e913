using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Integration;

/// <summary>The admin API: same services, same authorization, problem+json errors.</summary>
public sealed class AdminApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<HttpClient> SignedInAsync(string? role)
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync(role: role);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
        return client;
    }

    [Theory]
    [InlineData("GET", "/api/admin/stats")]
    [InlineData("GET", "/api/admin/ip-rules")]
    [InlineData("GET", "/api/admin/accounts/someone@example.com/lockout")]
    [InlineData("POST", "/api/admin/accounts/someone@example.com/unlock")]
    public async Task Anonymous_callers_get_401(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { reason = "anything" });
        }

        var response = await app.Client().SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_ordinary_user_gets_403()
    {
        var client = await SignedInAsync(role: null);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/stats", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_viewer_reads_but_gets_403_on_actions()
    {
        var viewer = await SignedInAsync(AppRoles.SecurityViewer);
        var target = await app.CreateUserAsync();

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/admin/stats", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/admin/accounts/{target}/lockout", TestContext.Current.CancellationToken)).StatusCode);
        var unlock = await viewer.PostAsJsonAsync($"/api/admin/accounts/{target}/unlock", new { reason = "please" }, TestContext.Current.CancellationToken);
        var rule = await viewer.PostAsJsonAsync("/api/admin/ip-rules", new { network = "203.0.113.5", kind = "Deny", reason = "x" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, unlock.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, rule.StatusCode);
    }

    [Fact]
    public async Task An_admin_unlocks_through_the_api()
    {
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);
        var target = await app.CreateUserAsync();
        await app.AllowListedClient().FailTimesAsync(target, 5);

        var lockout = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/accounts/{target}/lockout", TestContext.Current.CancellationToken);
        var noReason = await admin.PostAsJsonAsync($"/api/admin/accounts/{target}/unlock", new { reason = "" }, TestContext.Current.CancellationToken);
        var unlock = await admin.PostAsJsonAsync($"/api/admin/accounts/{target}/unlock", new { reason = "ticket 42" }, TestContext.Current.CancellationToken);
        var attempts = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/accounts/{target}/attempts?page=0", TestContext.Current.CancellationToken);

        Assert.Equal("Locked", lockout.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("application/problem+json", noReason.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, unlock.StatusCode);
        Assert.Equal(5, attempts.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_admin_locks_resets_signs_out_and_forgets_devices_through_the_api_and_a_viewer_cannot()
    {
        var cancel = TestContext.Current.CancellationToken;
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);
        var viewer = await SignedInAsync(AppRoles.SecurityViewer);
        var target = await app.CreateUserAsync();
        await app.AllowListedClient().FailTimesAsync(target, 2);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/admin/accounts/{target}/lock", new { reason = "x" }, cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/admin/accounts/{target}/reset-failures", new { reason = "x" }, cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/admin/accounts/{target}/sign-out-everywhere", new { reason = "x" }, cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/admin/accounts/{target}/devices?reason=x", cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/admin/accounts/{target}/reset-failures", new { reason = "" }, cancel)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/admin/accounts/{target}/reset-failures", new { reason = "user called" }, cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/admin/accounts/{target}/sign-out-everywhere", new { reason = "lost phone" }, cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/api/admin/accounts/{target}/devices?reason=lost%20phone", cancel)).StatusCode); // none known
        using var locked = await admin.PostAsJsonAsync($"/api/admin/accounts/{target}/lock", new { reason = "under investigation" }, cancel);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);

        var lockedList = await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/accounts/locked", cancel);
        var found = await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/accounts?search={Uri.EscapeDataString(target)}&state=LockedUntilUnlocked", cancel);
        var audit = await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/audit?search={Uri.EscapeDataString(target)}", cancel);

        Assert.Contains(lockedList.GetProperty("items").EnumerateArray(), a => a.GetProperty("email").GetString() == target);
        Assert.All(lockedList.GetProperty("items").EnumerateArray(), a => Assert.Contains(a.GetProperty("state").GetString(), new[] { "Locked", "LockedUntilUnlocked" }));
        Assert.Equal(target, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("email").GetString());
        Assert.Equal(
            ["AccountLocked", "SessionsRevoked", "FailuresReset"],
            audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/admin/accounts?state=Sleepy", cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/admin/accounts?tier=-1", cancel)).StatusCode);
        var byTier = await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/accounts?search={Uri.EscapeDataString(target)}&tier=1", cancel);
        Assert.Equal(0, byTier.GetProperty("total").GetInt32()); // an admin lock is no tier
    }

    [Fact]
    public async Task Attempts_audit_and_an_address_are_read_as_json_with_the_pages_filters()
    {
        var cancel = TestContext.Current.CancellationToken;
        var viewer = await SignedInAsync(AppRoles.SecurityViewer);
        var name = $"api-{Guid.NewGuid():N}@example.com";
        await app.Client("203.0.113.177").LoginAsync(name, TestPasswords.Wrong);
        await app.Client("203.0.113.177").LoginAsync(name, TestPasswords.Wrong);

        var attempts = await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/attempts?userName={name}&address=203.0.113.0/24&pageSize=1", cancel);
        var address = await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/addresses/203.0.113.177", cancel);

        Assert.Equal(2, attempts.GetProperty("total").GetInt32());
        Assert.Single(attempts.GetProperty("items").EnumerateArray());
        Assert.Equal("UnknownUser", attempts.GetProperty("items")[0].GetProperty("outcome").GetString());
        Assert.Equal("203.0.113.177", address.GetProperty("address").GetString());
        Assert.Contains(address.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("userName").GetString() == name);
        Assert.True(address.GetProperty("recentAttempts").GetProperty("total").GetInt32() >= 2);
        foreach (var bad in new[] { "/api/admin/attempts?address=10.0.0.0/40", "/api/admin/attempts?pageSize=0", "/api/admin/attempts?page=-1", "/api/admin/addresses/not-an-address", "/api/admin/audit?type=NoSuchEvent" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync(bad, cancel)).StatusCode);
        }
    }

    [Fact]
    public async Task The_challenge_and_the_step_up_are_read_and_changed_through_the_api_and_in_force_at_once()
    {
        var cancel = TestContext.Current.CancellationToken;
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);
        var before = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/policy", cancel);
        Assert.Equal(100, before.GetProperty("risk").GetProperty("stepUpAbove").GetInt32());
        Assert.Equal(0, before.GetProperty("challenge").GetProperty("afterFailures").GetInt32());

        using var tooHigh = await admin.PutAsJsonAsync("/api/admin/policy/Risk", new { values = new { stepUpAbove = 101 }, reason = "tune" }, cancel);
        using var negative = await admin.PutAsJsonAsync("/api/admin/policy/Challenge", new { values = new { afterFailures = -1 }, reason = "tune" }, cancel);
        Assert.Equal(HttpStatusCode.BadRequest, tooHigh.StatusCode);
        Assert.Contains("Risk:StepUpAbove", (await tooHigh.ProblemAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("Challenge:AfterFailures", (await negative.ProblemAsync()).GetProperty("title").GetString());

        using var risk = await admin.PutAsJsonAsync("/api/admin/policy/Risk", new { values = new { stepUpAbove = 70 }, reason = "Step up only the riskiest sign-ins" }, cancel);
        using var challenge = await admin.PutAsJsonAsync("/api/admin/policy/Challenge", new { values = new { afterFailures = 4 }, reason = "One more try before the puzzle" }, cancel);
        Assert.Equal(HttpStatusCode.OK, risk.StatusCode);
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal(70, app.Services.GetRequiredService<IOptionsMonitor<RiskOptions>>().CurrentValue.StepUpAbove);
        Assert.Equal(4, app.Services.GetRequiredService<IOptionsMonitor<ChallengeOptions>>().CurrentValue.AfterFailures);

        using var restoredRisk = await admin.DeleteAsync("/api/admin/policy/Risk?reason=back%20to%20configuration", cancel);
        using var restoredChallenge = await admin.DeleteAsync("/api/admin/policy/Challenge?reason=back%20to%20configuration", cancel);
        Assert.Equal(HttpStatusCode.OK, restoredRisk.StatusCode);
        Assert.Equal(100, app.Services.GetRequiredService<IOptionsMonitor<RiskOptions>>().CurrentValue.StepUpAbove);
    }

    [Fact]
    public async Task The_policy_is_read_and_changed_through_the_api_with_the_pages_validation_and_restored()
    {
        var cancel = TestContext.Current.CancellationToken;
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);
        var viewer = await SignedInAsync(AppRoles.SecurityViewer);
        var before = await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/policy", cancel);
        var failures = before.GetProperty("addressBlocking").GetProperty("failures").GetInt32();
        Assert.True(before.GetProperty("lockout").GetProperty("tiers").GetArrayLength() > 0);

        using var refused = await viewer.PutAsJsonAsync("/api/admin/policy/AddressBlocking", new { values = new { failures = failures + 2 }, reason = "tune" }, cancel);
        using var invalid = await admin.PutAsJsonAsync("/api/admin/policy/AddressBlocking", new { values = new { failures = 0 }, reason = "tune" }, cancel);
        using var unknownName = await admin.PutAsJsonAsync("/api/admin/policy/AddressBlocking", new { values = new { failurez = 12 }, reason = "tune" }, cancel);
        using var unknownSection = await admin.PutAsJsonAsync("/api/admin/policy/Passwords", new { values = new { length = 12 }, reason = "tune" }, cancel);
        using var noReason = await admin.PutAsJsonAsync("/api/admin/policy/AddressBlocking", new { values = new { failures = failures + 2 } }, cancel);
        using var nullList = await admin.PutAsJsonAsync("/api/admin/policy/AddressBlocking", new { values = new { honeypotNames = (string[]?)null }, reason = "tune" }, cancel);
        using var nullTier = await admin.PutAsync("/api/admin/policy/Lockout", new StringContent("""{"values":{"tiers":[null]},"reason":"tune"}""", System.Text.Encoding.UTF8, "application/json"), cancel);
        Assert.Equal(HttpStatusCode.BadRequest, nullList.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nullTier.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("AddressBlocking:Failures", (await invalid.ProblemAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknownName.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSection.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(failures, (await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/policy", cancel)).GetProperty("addressBlocking").GetProperty("failures").GetInt32());

        using var changed = await admin.PutAsJsonAsync("/api/admin/policy/AddressBlocking", new { values = new { failures = failures + 2 }, reason = "Fewer false blocks behind the office NAT" }, cancel);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var after = await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/policy", cancel);
        Assert.Equal(failures + 2, after.GetProperty("addressBlocking").GetProperty("failures").GetInt32());
        Assert.Equal(before.GetProperty("addressBlocking").GetProperty("window").GetString(), after.GetProperty("addressBlocking").GetProperty("window").GetString());
        Assert.Contains(after.GetProperty("stored").EnumerateArray(), s => s.GetProperty("section").GetString() == "AddressBlocking");
        var audit = await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/audit?type=PolicyChanged&search=office%20NAT", cancel);
        Assert.Equal(1, audit.GetProperty("total").GetInt32());

        using var restored = await admin.DeleteAsync("/api/admin/policy/AddressBlocking?reason=back%20to%20configuration", cancel);

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(failures, (await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/policy", cancel)).GetProperty("addressBlocking").GetProperty("failures").GetInt32());

        // Every section reads back as it was written: the lockout ladder too.
        using var lockout = await admin.PutAsJsonAsync("/api/admin/policy/Lockout", new { values = new { failureWindow = "1.02:00:00" }, reason = "A longer memory" }, cancel);
        Assert.True(lockout.StatusCode == HttpStatusCode.OK, await lockout.Content.ReadAsStringAsync(cancel));
        Assert.Equal("1.02:00:00", (await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/policy", cancel)).GetProperty("lockout").GetProperty("failureWindow").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("/api/admin/policy/Lockout?reason=back", cancel)).StatusCode);
    }

    [Fact]
    public async Task Unknown_accounts_are_404_to_admins()
    {
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);

        var response = await admin.GetAsync("/api/admin/accounts/nobody-here@example.com/lockout", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_accounts_security_events_are_listed_newest_first_and_only_its_own()
    {
        var viewer = await SignedInAsync(AppRoles.SecurityViewer);
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);
        var target = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        await app.AllowListedClient().FailTimesAsync(target, 5);
        await app.AllowListedClient().FailTimesAsync(other, 5);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/admin/accounts/{target}/unlock", new { reason = "ticket 7" }, TestContext.Current.CancellationToken)).StatusCode);

        var response = await viewer.GetAsync($"/api/admin/accounts/{target}/events", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(2, events.GetProperty("total").GetInt32());
        var items = events.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["AccountUnlocked", "AccountLocked"], items.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("ticket 7", items[0].GetProperty("reason").GetString());
        Assert.All(items, e => Assert.Equal(target.ToUpperInvariant(), e.GetProperty("targetUserName").GetString()));
    }

    [Fact]
    public async Task An_accounts_security_events_come_50_a_page()
    {
        var viewer = await SignedInAsync(AppRoles.SecurityViewer);
        var target = await app.CreateUserAsync();
        var userId = (await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/accounts/{target}/lockout", TestContext.Current.CancellationToken)).GetProperty("userId").GetString();
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 51; i++)
            {
                db.SecurityEvents.Add(new AdminConsole.Core.Audit.SecurityEvent
                {
                    At = app.Time.GetUtcNow().AddMinutes(i),
                    Type = AdminConsole.Core.Audit.SecurityEventType.FailuresReset,
                    Actor = "admin@example.com",
                    TargetUserId = userId,
                    TargetUserName = target.ToUpperInvariant(),
                    Reason = $"reset {i}",
                });
            }

            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        var first = await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/accounts/{target}/events", TestContext.Current.CancellationToken);
        var second = await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/accounts/{target}/events?page=1", TestContext.Current.CancellationToken);

        Assert.Equal(51, first.GetProperty("total").GetInt32());
        Assert.Equal(50, first.GetProperty("items").GetArrayLength());
        Assert.Equal("reset 50", first.GetProperty("items")[0].GetProperty("reason").GetString());
        Assert.Equal("reset 0", Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Security_events_of_an_unknown_account_are_404_and_a_negative_page_is_400()
    {
        var viewer = await SignedInAsync(AppRoles.SecurityViewer);
        var target = await app.CreateUserAsync();

        var unknown = await viewer.GetAsync("/api/admin/accounts/nobody-here@example.com/events", TestContext.Current.CancellationToken);
        var badPage = await viewer.GetAsync($"/api/admin/accounts/{target}/events?page=-1", TestContext.Current.CancellationToken);
        var anonymous = await app.Client().GetAsync($"/api/admin/accounts/{target}/events", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Address_rules_are_added_validated_and_ended_through_the_api()
    {
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);

        var bad = await admin.PostAsJsonAsync("/api/admin/ip-rules", new { network = "0177.0.0.1", kind = "Deny", reason = "x" }, TestContext.Current.CancellationToken);
        var created = await admin.PostAsJsonAsync("/api/admin/ip-rules", new { network = "203.0.113.0/28", kind = "Deny", reason = "scanner" }, TestContext.Current.CancellationToken);
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetInt64();
        var blocked = await app.Client("203.0.113.3").LoginAsync("x@example.com", TestPasswords.Wrong);
        var ended = await admin.DeleteAsync($"/api/admin/ip-rules/{id}?reason=false%20positive", TestContext.Current.CancellationToken);
        var after = await app.Client("203.0.113.3").LoginAsync("x@example.com", TestPasswords.Wrong);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("leading zero", await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_admin_api()
    {
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);

        var document = await admin.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Contains("/api/admin/accounts/{email}/unlock", document);
        Assert.Contains("/api/account/login", document);
    }

    [Theory]
    [InlineData("/api/admin/accounts/{email}/unlock", "post", new[] { "200", "400", "403", "404", "409" })]
    [InlineData("/api/admin/ip-rules", "post", new[] { "201", "400", "403", "409" })]
    [InlineData("/api/admin/ip-rules/{id}", "delete", new[] { "200", "400", "404", "409" })]
    [InlineData("/api/admin/accounts/{email}/attempts", "get", new[] { "200", "400", "404" })]
    [InlineData("/api/admin/webhooks/{id}/disable", "post", new[] { "200", "400", "403", "404", "409" })]
    [InlineData("/api/admin/users/{email}/roles/{role}", "post", new[] { "200", "400", "404", "409" })]
    public async Task The_openapi_document_lists_every_status_an_admin_endpoint_answers(string path, string method, string[] statuses)
    {
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);

        var document = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var responses = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
        var listed = responses.EnumerateObject().Select(r => r.Name).ToList();
        Assert.All(statuses, status => Assert.Contains(status, listed));
    }
}

/// <summary>The attempts export: streamed CSV of the filtered set, safe to open in a spreadsheet.</summary>
public sealed class AttemptExportTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_export_streams_the_filtered_attempts_as_csv()
    {
        var viewer = app.AllowListedClient();
        var email = await app.CreateUserAsync(role: AppRoles.SecurityViewer);
        await viewer.LoginAsync(email, TestPasswords.Good);
        var hostile = $"=cmd{Guid.NewGuid():N}@example.com";
        await app.Client("203.0.113.201").LoginAsync(hostile, TestPasswords.Wrong);
        await app.Client("203.0.113.201").LoginAsync(hostile, TestPasswords.Wrong);

        var response = await viewer.GetAsync($"/api/admin/attempts.csv?userName={Uri.EscapeDataString(hostile)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("TimeUtc,Outcome,Requests,UserName,UserId,Address,Tier,UserAgent,Application,Country,Asn,AsnOrganization,RiskScore", lines[0].TrimEnd('\r'));
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.InRange(int.Parse(l.TrimEnd('\r').Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture), 20, 100));
        Assert.All(lines.Skip(1), l => Assert.Contains($",'{hostile.ToLowerInvariant()},", l));
        Assert.All(lines.Skip(1), l => Assert.Contains("UnknownUser", l));
    }

    [Fact]
    public async Task A_bad_filter_gets_400_and_anonymous_callers_401()
    {
        var viewer = app.AllowListedClient();
        var email = await app.CreateUserAsync(role: AppRoles.SecurityViewer);
        await viewer.LoginAsync(email, TestPasswords.Good);

        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/admin/attempts.csv?address=10.0.0.0/40", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().GetAsync("/api/admin/attempts.csv", TestContext.Current.CancellationToken)).StatusCode);
    }
}
