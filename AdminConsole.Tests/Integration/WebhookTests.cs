using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Webhooks;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Tests.Integration;

/// <summary>Webhooks to loopback receivers (private targets allowed), three tries at most, no timer polls during a test.</summary>
public sealed class WebhookAppFactory : AppFactory
{
    public WebhookAppFactory()
        : this(null)
    {
    }

    internal WebhookAppFactory(string? databasePath)
        : base(databasePath)
    {
        Settings["Webhooks:AllowPrivateTargets"] = "true";
        Settings["Webhooks:MaxAttempts"] = "3";
        Settings["Webhooks:PollInterval"] = "01:00:00";
    }

    public WebhookSender Sender => Services.GetServices<IHostedService>().OfType<WebhookSender>().Single();

    public async Task<(long Id, string Secret)> RegisterAsync(string url, WebhookEvents events)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<WebhookService>()
            .AddAsync(new NewWebhook(url, events, "test receiver"), ConsoleActor.CommandLine(), TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Message);
        return (result.Value!.Endpoint.Id, result.Value.Secret);
    }

    public Task<List<WebhookDelivery>> DeliveriesAsync(long endpointId) =>
        WithDbAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId).OrderBy(d => d.Id).ToListAsync());
}

/// <summary>
/// Deliveries through the outbox to real receivers on Kestrel: signed, retried with doubling waits, given up and
/// retried by hand, never lost across a restart; the admin API validates and authorizes.
/// </summary>
public sealed class WebhookTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>, IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private WebhookReceiver receiver = null!;

    public async ValueTask InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public ValueTask DisposeAsync() => receiver.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string? role)
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync(role: role);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
        return client;
    }

    private static string Expected(string secret, WebhookReceiver.Received r) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(
            Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{r.Id}.{r.Timestamp}.{r.Body}")));

    [Fact]
    public async Task A_lockout_reaches_the_receiver_signed_with_the_endpoint_secret()
    {
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);
        var created = await admin.PostAsJsonAsync("/api/admin/webhooks",
            new { url = receiver.Url("/signed"), events = new[] { "AccountLocked" }, reason = "SIEM" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var secret = answer.GetProperty("secret").GetString()!;
        var user = await app.CreateUserAsync();

        using var locked = await app.AllowListedClient().FailTimesAsync(user, 5);

        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        var r = Assert.Single(await receiver.WaitForAsync("/signed"));
        Assert.Equal(Expected(secret, r), r.Signature);
        Assert.Equal(app.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), r.Timestamp);
        Assert.StartsWith("msg_", r.Id);
        var body = JsonDocument.Parse(r.Body).RootElement;
        Assert.Equal("account.locked", body.GetProperty("type").GetString());
        Assert.Equal(user, body.GetProperty("data").GetProperty("account").GetString());
        Assert.NotEqual(Expected(secret, r with { Body = r.Body + " " }), r.Signature);

        // the secret is shown once and stored protected; the log says delivered; the registration is audited
        var id = answer.GetProperty("endpoint").GetProperty("id").GetInt64();
        var stored = await app.WithDbAsync(db => db.WebhookEndpoints.SingleAsync(e => e.Id == id, Cancel));
        Assert.DoesNotContain(secret["whsec_".Length..], stored.ProtectedSecret);
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/webhooks/{id}/deliveries", Cancel);
        await WaitAsync(async () => (await app.DeliveriesAsync(id)).Single().DeliveredAt is not null);
        Assert.Equal(1, log.GetProperty("total").GetInt32());
        Assert.True(await app.WithDbAsync(db => db.SecurityEvents.AnyAsync(e => e.Type == SecurityEventType.WebhookEndpointAdded && e.Reason == "SIEM", Cancel)));
        // the audit entry (which goes on to other receivers as an admin action) names the receiver's origin, not its path
        var added = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Type == SecurityEventType.WebhookEndpointAdded && e.Reason == "SIEM").Select(e => e.Details).FirstAsync(Cancel));
        var url = stored.Url;
        Assert.Contains(new Uri(url).GetLeftPart(UriPartial.Authority), added);
        Assert.DoesNotContain(url, added);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/admin/webhooks", Cancel);
        Assert.DoesNotContain("whsec_", list.GetRawText());
    }

    [Fact]
    public async Task An_admin_unlock_reaches_the_receiver()
    {
        await app.RegisterAsync(receiver.Url("/unlocked"), WebhookEvents.AccountUnlocked);
        var user = await app.CreateUserAsync();
        using var locked = await app.AllowListedClient().FailTimesAsync(user, 5);
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);

        using var unlocked = await admin.PostAsJsonAsync($"/api/admin/accounts/{user}/unlock", new { reason = "owner verified by phone" }, Cancel);

        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        var r = Assert.Single(await receiver.WaitForAsync("/unlocked"));
        var body = JsonDocument.Parse(r.Body).RootElement;
        Assert.Equal("account.unlocked", body.GetProperty("type").GetString());
        Assert.Equal(user, body.GetProperty("data").GetProperty("account").GetString());
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_after_5_then_10_seconds()
    {
        receiver.Status["/flaky"] = 500;
        var (id, _) = await app.RegisterAsync(receiver.Url("/flaky"), WebhookEvents.AccountLocked);
        var user = await app.CreateUserAsync();
        using (await app.AllowListedClient().FailTimesAsync(user, 5))
        {
        }

        await receiver.WaitForAsync("/flaky", 1);
        await WaitAsync(async () => (await app.DeliveriesAsync(id)).Single().Attempts == 1);
        var first = (await app.DeliveriesAsync(id)).Single();
        Assert.Equal((500, "HTTP 500 Internal Server Error"), (first.LastStatus, first.LastError));
        Assert.Equal(app.Time.GetUtcNow().AddSeconds(5), first.NextAttemptAt);

        app.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await app.Sender.SendDueAsync(Cancel));
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await app.Sender.SendDueAsync(Cancel);
        await receiver.WaitForAsync("/flaky", 2);
        await WaitAsync(async () => (await app.DeliveriesAsync(id)).Single().Attempts == 2);
        var second = (await app.DeliveriesAsync(id)).Single();
        Assert.Equal((2, app.Time.GetUtcNow().AddSeconds(10)), (second.Attempts, second.NextAttemptAt));

        receiver.Status["/flaky"] = 204;
        app.Time.Advance(TimeSpan.FromSeconds(10));
        await app.Sender.SendDueAsync(Cancel);
        var requests = await receiver.WaitForAsync("/flaky", 3);
        await WaitAsync(async () => (await app.DeliveriesAsync(id)).Single().DeliveredAt is not null);
        var done = (await app.DeliveriesAsync(id)).Single();
        Assert.Equal((3, 204, (string?)null), (done.Attempts, done.LastStatus, done.LastError));
        Assert.Single(requests.Select(r => r.Id).Distinct()); // one message id across the tries
    }

    [Fact]
    public async Task After_the_last_try_the_delivery_is_given_up_until_an_admin_retries_it()
    {
        receiver.Status["/down"] = 503;
        var (id, _) = await app.RegisterAsync(receiver.Url("/down"), WebhookEvents.AccountLocked);
        using (await app.AllowListedClient().FailTimesAsync(await app.CreateUserAsync(), 5))
        {
        }

        await receiver.WaitForAsync("/down", 1);
        for (var i = 2; i <= 3; i++)
        {
            var tried = i - 1;
            await WaitAsync(async () => (await app.DeliveriesAsync(id)).Single().Attempts == tried);
            app.Time.Advance(TimeSpan.FromMinutes(1));
            await app.Sender.SendDueAsync(Cancel);
            await receiver.WaitForAsync("/down", i);
        }

        await WaitAsync(async () => (await app.DeliveriesAsync(id)).Single().GaveUpAt is not null);
        app.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await app.Sender.SendDueAsync(Cancel));
        var delivery = (await app.DeliveriesAsync(id)).Single();
        Assert.Equal("Failed", WebhookService.Status(delivery));

        receiver.Status["/down"] = 200;
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);
        var viewer = await SignedInAsync(AppRoles.SecurityViewer);
        var refused = await viewer.PostAsync($"/api/admin/webhooks/deliveries/{delivery.Id}/retry", null, Cancel);
        var retried = await admin.PostAsync($"/api/admin/webhooks/deliveries/{delivery.Id}/retry", null, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await receiver.WaitForAsync("/down", 4);
        await WaitAsync(async () => (await app.DeliveriesAsync(id)).Single().DeliveredAt is not null);
        Assert.True(await app.WithDbAsync(db => db.SecurityEvents.AnyAsync(e => e.Type == SecurityEventType.WebhookDeliveryRetried, Cancel)));
    }

    [Fact]
    public async Task A_delivery_written_before_a_restart_is_sent_by_the_next_host()
    {
        receiver.Status["/restart"] = 503;
        var first = new WebhookAppFactory { KeepDatabase = true };
        await first.InitializeAsync();
        var (id, secret) = await first.RegisterAsync(receiver.Url("/restart"), WebhookEvents.AccountLocked);
        using (await first.AllowListedClient().FailTimesAsync(await first.CreateUserAsync(), 5))
        {
        }

        await receiver.WaitForAsync("/restart", 1);
        await WaitAsync(async () => (await first.DeliveriesAsync(id)).Single().Attempts == 1);
        await first.DisposeAsync();

        receiver.Status["/restart"] = 200;
        await using var second = new WebhookAppFactory(first.DatabaseFile);
        await second.InitializeAsync();
        second.Time.Advance(TimeSpan.FromMinutes(1));
        await second.Sender.SendDueAsync(Cancel);

        var received = await receiver.WaitForAsync("/restart", 2);
        Assert.Equal(Expected(secret, received[^1]), received[^1].Signature); // the key ring survived too
        await WaitAsync(async () => (await second.DeliveriesAsync(id)).Single().DeliveredAt is not null);
        Assert.Equal(2, (await second.DeliveriesAsync(id)).Single().Attempts);
    }

    [Fact]
    public async Task Viewers_see_only_the_origin_of_a_receiver_whose_path_may_be_its_credential()
    {
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);
        var viewer = await SignedInAsync(AppRoles.SecurityViewer);
        var url = receiver.Url("/hooks/T000/B000/s3cr3t-path?token=s3cr3t-query");
        var (id, _) = await app.RegisterAsync(url, WebhookEvents.AccountLocked);

        async Task<string> UrlSeenBy(HttpClient client) =>
            (await client.GetFromJsonAsync<JsonElement>("/api/admin/webhooks", Cancel)).EnumerateArray()
                .Single(e => e.GetProperty("id").GetInt64() == id).GetProperty("url").GetString()!;

        Assert.Equal(url, await UrlSeenBy(admin));
        var seen = await UrlSeenBy(viewer);
        Assert.Equal(new Uri(url).GetLeftPart(UriPartial.Authority) + "/…", seen);
        Assert.DoesNotContain("s3cr3t", seen);
    }

    [Fact]
    public async Task The_api_names_each_bad_field_and_changes_nothing()
    {
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);
        var viewer = await SignedInAsync(AppRoles.SecurityViewer);
        var before = await app.WithDbAsync(db => db.WebhookEndpoints.CountAsync(Cancel));

        var bad = await admin.PostAsJsonAsync("/api/admin/webhooks", new { url = "ftp://example.com/x", events = Array.Empty<string>(), reason = " " }, Cancel);
        var unknown = await admin.PostAsJsonAsync("/api/admin/webhooks", new { url = "https://example.com/x", events = new[] { "AccountLocked", "Everything" }, reason = "x" }, Cancel);
        var byViewer = await viewer.PostAsJsonAsync("/api/admin/webhooks", new { url = receiver.Url("/v"), events = new[] { "AccountLocked" }, reason = "x" }, Cancel);
        var anonymous = await app.Client().GetAsync("/api/admin/webhooks", Cancel);
        var missing = await admin.PostAsJsonAsync("/api/admin/webhooks/999999/disable", new { reason = "x" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.ProblemAsync()).GetProperty("errors");
        Assert.Contains("https://", errors.GetProperty("url")[0].GetString());
        Assert.Equal("Choose at least one event.", errors.GetProperty("events")[0].GetString());
        Assert.Contains("reason", errors.GetProperty("reason")[0].GetString());
        Assert.Contains("'Everything'", (await unknown.ProblemAsync()).GetProperty("errors").GetProperty("events")[0].GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(before, await app.WithDbAsync(db => db.WebhookEndpoints.CountAsync(Cancel)));
    }

    [Fact]
    public async Task A_disabled_endpoint_gets_nothing_new_and_a_deleted_one_leaves_an_audit_entry()
    {
        var admin = await SignedInAsync(AppRoles.SecurityAdmin);
        var (id, _) = await app.RegisterAsync(receiver.Url("/off"), WebhookEvents.AccountLocked);

        var disabled = await admin.PostAsJsonAsync($"/api/admin/webhooks/{id}/disable", new { reason = "maintenance" }, Cancel);
        using (await app.AllowListedClient().FailTimesAsync(await app.CreateUserAsync(), 5))
        {
        }

        var deleted = await admin.DeleteAsync($"/api/admin/webhooks/{id}?reason=retired", Cancel);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(await app.DeliveriesAsync(id));
        Assert.Empty(receiver.At("/off"));
        var audit = await app.WithDbAsync(db => db.SecurityEvents
            .Where(e => e.Type == SecurityEventType.WebhookEndpointDisabled || e.Type == SecurityEventType.WebhookEndpointDeleted)
            .Where(e => e.Details!.Contains($"\"Endpoint\":{id},")).Select(e => e.Reason).ToListAsync(Cancel));
        Assert.Equal(["maintenance", "retired"], audit.Order());
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(20, Cancel);
        }
    }
}
