using System.Text.Json;
using AdminConsole.Core.Mail;

namespace AdminConsole.Tests.Integration;

/// <summary>Liveness and readiness for orchestrators and load balancers; details only for console roles.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class HealthTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.Clone();

    [Fact]
    public async Task The_process_answers_live_and_the_database_and_outbox_answer_ready()
    {
        using var live = await app.Client().GetAsync("/health/live", Cancel);
        using var ready = await app.Client().GetAsync("/health/ready", Cancel);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = (await BodyAsync(ready)).GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["database", "mail-outbox"], checks);
    }

    [Fact]
    public async Task Strangers_get_no_details_and_console_roles_do()
    {
        using var anonymous = await app.Client().GetAsync("/health/ready", Cancel);
        var admin = app.AllowListedClient();
        using var signIn = await admin.LoginAsync(await app.CreateUserAsync(role: AppRoles.SecurityViewer), TestPasswords.Good);
        using var detailed = await admin.GetAsync("/health/ready", Cancel);

        Assert.All((await BodyAsync(anonymous)).GetProperty("checks").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("description").ValueKind));
        Assert.Contains((await BodyAsync(detailed)).GetProperty("checks").EnumerateArray(), c => c.GetProperty("description").GetString()?.Contains("waiting") == true);
    }
}

/// <summary>A mail stuck in the outbox past Health:OutboxMaxAge makes the instance not ready (its own host: it stays stuck).</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class StuckOutboxHealthTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task An_old_unsent_mail_makes_ready_answer_503()
    {
        await app.WithDbAsync(db =>
        {
            db.OutboxMails.Add(new OutboxMail
            {
                To = "stuck@example.com", Subject = "s", TextBody = "t", HtmlBody = "h", Kind = "k",
                CreatedAt = app.Time.GetUtcNow().AddMinutes(-31), NextAttemptAt = app.Time.GetUtcNow().AddHours(1),
            });
            return db.SaveChangesAsync();
        });

        using var ready = await app.Client().GetAsync("/health/ready", TestContext.Current.CancellationToken);
        using var live = await app.Client().GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
