using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Notifications;

namespace AdminConsole.Tests.Integration;

/// <summary>The Notifications page for scripts: filters, marking read per reader, and the bell's counts.</summary>
public sealed class NotificationApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static int nextWindow;

    private async Task<(HttpClient Client, string Email)> SignedInAsync(string? role = AppRoles.SecurityViewer)
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync(role: role);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
        return (client, email);
    }

    /// <summary>An hour in the past that no other test of this class writes notifications into.</summary>
    private static DateTimeOffset NewWindow() => AppFactory.Start.AddDays(-2 * Interlocked.Increment(ref nextWindow));

    private static string Range(DateTimeOffset from) =>
        $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(from.AddHours(1).ToString("O"))}";

    private Task<long[]> SeedAsync(params (NotificationType Type, SecurityEventSeverity Severity, DateTimeOffset At)[] notifications) =>
        app.WithDbAsync(async db =>
        {
            var rows = notifications.Select(n => new AdminNotification
            {
                Type = n.Type,
                Severity = n.Severity,
                Title = $"{n.Type} {Guid.NewGuid():N}",
                Message = "seeded",
                Subject = "SOMEONE@EXAMPLE.COM",
                CreatedAt = n.At,
                LastAt = n.At,
            }).ToList();
            db.AdminNotifications.AddRange(rows);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            return rows.Select(r => r.Id).ToArray();
        });

    private static async Task<long[]> IdsAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/admin/notifications?{query}", TestContext.Current.CancellationToken);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("notification").GetProperty("id").GetInt64())];
    }

    private static async Task<JsonElement> CountsAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/api/admin/notifications/counts", TestContext.Current.CancellationToken);

    [Fact]
    public async Task Notifications_are_listed_newest_first_and_filtered_by_severity_type_read_state_and_time()
    {
        var (viewer, _) = await SignedInAsync();
        var window = NewWindow();
        var ids = await SeedAsync(
            (NotificationType.PasswordSpraying, SecurityEventSeverity.Critical, window.AddMinutes(30)),
            (NotificationType.AccountLocked, SecurityEventSeverity.Warning, window.AddMinutes(20)),
            (NotificationType.AdminAction, SecurityEventSeverity.Info, window.AddMinutes(10)));
        await SeedAsync((NotificationType.AccountLocked, SecurityEventSeverity.Warning, window.AddHours(2)));
        Assert.Equal(HttpStatusCode.NoContent, (await viewer.PostAsync($"/api/admin/notifications/{ids[2]}/read", null, TestContext.Current.CancellationToken)).StatusCode);

        var all = await viewer.GetFromJsonAsync<JsonElement>($"/api/admin/notifications?{Range(window)}", TestContext.Current.CancellationToken);

        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(ids, all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("notification").GetProperty("id").GetInt64()));
        Assert.Equal([false, false, true], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("isRead").GetBoolean()));
        Assert.Equal([ids[0]], await IdsAsync(viewer, $"{Range(window)}&severity=Critical"));
        Assert.Equal([ids[1]], await IdsAsync(viewer, $"{Range(window)}&type=accountlocked"));
        Assert.Equal([ids[2]], await IdsAsync(viewer, $"{Range(window)}&unread=false"));
        Assert.Equal([ids[0], ids[1]], await IdsAsync(viewer, $"{Range(window)}&unread=true"));
        Assert.Empty(await IdsAsync(viewer, $"{Range(window)}&page=1"));
    }

    [Fact]
    public async Task Marking_read_is_per_reader_and_stored_under_the_readers_name()
    {
        var (first, firstEmail) = await SignedInAsync();
        var (second, _) = await SignedInAsync(AppRoles.SecurityAdmin);
        var window = NewWindow();
        var ids = await SeedAsync((NotificationType.AddressBlocked, SecurityEventSeverity.Warning, window.AddMinutes(5)));

        var read = await first.PostAsync($"/api/admin/notifications/{ids[0]}/read", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        Assert.Equal([ids[0]], await IdsAsync(first, $"{Range(window)}&unread=false"));
        Assert.Equal([ids[0]], await IdsAsync(second, $"{Range(window)}&unread=true"));
        var stored = await app.WithDbAsync(db => db.NotificationReads.Where(r => r.NotificationId == ids[0]).Select(r => r.Reader).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal([firstEmail], stored);
    }

    [Fact]
    public async Task Counts_give_the_unread_total_and_unread_by_severity()
    {
        var (viewer, _) = await SignedInAsync();
        var before = await CountsAsync(viewer);
        var window = NewWindow();
        var ids = await SeedAsync(
            (NotificationType.DistributedAttack, SecurityEventSeverity.Critical, window),
            (NotificationType.AccountLocked, SecurityEventSeverity.Warning, window),
            (NotificationType.AccountLocked, SecurityEventSeverity.Warning, window));
        await viewer.PostAsync($"/api/admin/notifications/{ids[1]}/read", null, TestContext.Current.CancellationToken);

        var after = await CountsAsync(viewer);

        int Count(JsonElement counts, string severity) => counts.GetProperty("unreadBySeverity").GetProperty(severity).GetInt32();
        Assert.Equal(before.GetProperty("unread").GetInt32() + 2, after.GetProperty("unread").GetInt32());
        Assert.Equal(Count(before, "Critical") + 1, Count(after, "Critical"));
        Assert.Equal(Count(before, "Warning") + 1, Count(after, "Warning"));
        Assert.Equal(Count(before, "Info"), Count(after, "Info"));
        Assert.Equal(after.GetProperty("unread").GetInt32(), Count(after, "Critical") + Count(after, "Warning") + Count(after, "Info"));
    }

    [Fact]
    public async Task Read_all_marks_everything_unread_for_that_reader_only()
    {
        var (reader, readerEmail) = await SignedInAsync();
        var (other, _) = await SignedInAsync();
        await SeedAsync((NotificationType.SignInAfterFailures, SecurityEventSeverity.Warning, NewWindow()));
        var unread = (await CountsAsync(reader)).GetProperty("unread").GetInt32();
        var othersUnread = (await CountsAsync(other)).GetProperty("unread").GetInt32();

        var response = await reader.PostAsync("/api/admin/notifications/read-all", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(unread, (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("marked").GetInt32());
        Assert.Equal(0, (await CountsAsync(reader)).GetProperty("unread").GetInt32());
        Assert.Equal(othersUnread, (await CountsAsync(other)).GetProperty("unread").GetInt32());
        Assert.Equal(unread, await app.WithDbAsync(db => db.NotificationReads.CountAsync(r => r.Reader == readerEmail, TestContext.Current.CancellationToken)));
    }

    [Theory]
    [InlineData("severity=Loud", "severity")]
    [InlineData("severity=2", "severity")]
    [InlineData("type=Nope", "type")]
    [InlineData("unread=maybe", "unread")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=soon", "to")]
    [InlineData("from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z", "to")]
    [InlineData("page=-1", "page")]
    [InlineData("page=two", "page")]
    public async Task A_bad_filter_value_gets_a_400_naming_the_field(string query, string field)
    {
        var (viewer, _) = await SignedInAsync();

        var response = await viewer.GetAsync($"/api/admin/notifications?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Marking_an_unknown_notification_read_is_404()
    {
        var (viewer, _) = await SignedInAsync();

        var response = await viewer.PostAsync("/api/admin/notifications/999999999/read", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Anonymous_callers_get_401_and_ordinary_users_403()
    {
        var (user, _) = await SignedInAsync(role: null);

        var anonymous = await app.Client().GetAsync("/api/admin/notifications/counts", TestContext.Current.CancellationToken);
        var ordinary = await user.PostAsync("/api/admin/notifications/read-all", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ordinary.StatusCode);
    }
}
