using AdminConsole.Core.Notifications;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// What every sign-in costs and leaves behind, from real sockets through Kestrel: an unknown name costs the same
/// hash work as a known one (ASVS 6.3.8), every attempt stores its user agent, and failures on one account from many
/// real client addresses raise the distributed-attack alert.
/// </summary>
public sealed class SignInEvidenceTests(NoProxyKestrelAppFactory app) : IClassFixture<NoProxyKestrelAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<int> HashesForAsync(HttpClient client, string email, string password)
    {
        var before = app.Hasher.Verifications;
        using var response = await client.LoginAsync(email, password);
        return app.Hasher.Verifications - before;
    }

    [Fact]
    public async Task An_unknown_name_costs_the_same_hash_work_as_a_known_one()
    {
        var known = await app.CreateUserAsync();
        using var client = app.SocketClient("127.0.4.1");

        var unknown = await HashesForAsync(client, $"nobody-{Guid.NewGuid():N}@example.com", TestPasswords.Wrong);
        var wrong = await HashesForAsync(client, known, TestPasswords.Wrong);
        var right = await HashesForAsync(client, known, TestPasswords.Good);

        Assert.Equal((1, 1, 1), (unknown, wrong, right));
    }

    [Fact]
    public async Task Every_attempt_stores_its_user_agent_at_the_sign_in_api_and_the_token_endpoint()
    {
        var known = await app.CreateUserAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        using var client = app.SocketClient("127.0.4.2");
        client.DefaultRequestHeaders.UserAgent.ParseAdd("EvidenceProbe/2.1 (+tests)");

        using var a = await client.LoginAsync(unknown, TestPasswords.Wrong);
        using var b = await client.LoginAsync(known, TestPasswords.Wrong);
        using var c = await client.LoginAsync(known, TestPasswords.Good);
        using var d = await client.PostAsJsonAsync("/api/account/token", new { email = known, password = TestPasswords.Good }, Cancel);

        var keys = new[] { known.ToUpperInvariant(), unknown.ToUpperInvariant() };
        var agents = await app.WithDbAsync(db => db.LoginAttempts.Where(x => keys.Contains(x.UserName)).Select(x => x.UserAgent).ToListAsync(Cancel));
        Assert.Equal(4, agents.Count);
        Assert.All(agents, agent => Assert.Equal("EvidenceProbe/2.1 (+tests)", agent));
    }

    [Fact]
    public async Task Failures_on_one_account_from_many_real_addresses_raise_the_distributed_attack_alert()
    {
        var victim = await app.CreateUserAsync();
        for (var i = 1; i <= 10; i++)
        {
            using var client = app.SocketClient($"127.0.5.{i}");
            using var failed = await client.LoginAsync(victim, TestPasswords.Wrong);
            Assert.True(failed.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Locked, $"{failed.StatusCode}");
        }

        var detector = app.Services.GetServices<IHostedService>().OfType<AttackDetector>().Single();
        await detector.ScanAsync(Cancel);

        var key = victim.ToUpperInvariant();
        var alert = await app.WithDbAsync(db => db.AdminNotifications.SingleAsync(n => n.Type == NotificationType.DistributedAttack && n.Subject == key, Cancel));
        Assert.Equal(AdminConsole.Core.Audit.SecurityEventSeverity.Critical, alert.Severity);
        Assert.Equal(10, alert.Count);
    }
}
