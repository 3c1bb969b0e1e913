using AdminConsole.Core.Audit;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Notifications;
using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// <c>AddressBlocking:HoneypotNames</c>: a sign-in attempt at a honeypot name blocks its address at once (its own
/// event and notification), never an allow-listed one, and no account may have such a name.
/// </summary>
public sealed class HoneypotTests(SignalsAppFactory app) : IClassFixture<SignalsAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_local_part_honeypot_blocks_the_address_at_any_domain_with_its_own_event_and_notification()
    {
        var address = AppFactory.NewAddress();
        using var client = app.Client(address);

        using var attempt = await client.LoginAsync("Administrator@anywhere.example", "whatever they try");
        using var next = await client.LoginAsync("someone@example.com", "another try");

        Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode); // answered like any unknown name
        Assert.Equal(HttpStatusCode.Forbidden, next.StatusCode);
        var rule = await app.WithDbAsync(db => db.IpRules.SingleAsync(r => r.Network == address, Cancel));
        Assert.Equal(IpRuleKind.Deny, rule.Kind);
        Assert.Equal(IpRuleSource.Automatic, rule.Source);
        var e = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(x => x.Address == address, Cancel));
        Assert.Equal(SecurityEventType.HoneypotNameUsed, e.Type);
        Assert.Contains("administrator@anywhere.example", e.Reason);
        Assert.True(await app.WithDbAsync(db => db.AdminNotifications.AnyAsync(n => n.Type == NotificationType.HoneypotName && n.Subject == address, Cancel)));
    }

    [Fact]
    public async Task An_allow_listed_address_trying_a_honeypot_is_not_blocked()
    {
        using var client = app.AllowListedClient();

        using var attempt = await client.LoginAsync(SignalsAppFactory.HoneypotAddress, "whatever they try");
        using var next = await client.LoginAsync(SignalsAppFactory.HoneypotAddress, "whatever they try next");

        Assert.Equal(HttpStatusCode.Unauthorized, next.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.SecurityEvents.AnyAsync(x => x.Type == SecurityEventType.HoneypotNameUsed && x.Address!.StartsWith("198.51.100."), Cancel)));
    }

    [Fact]
    public async Task An_account_with_a_honeypot_name_cannot_be_created()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();

        var full = await users.CreateAsync(new AppUser { UserName = "HONEYPOT@example.com", Email = "HONEYPOT@example.com" }, TestPasswords.Good);
        var local = await users.CreateAsync(new AppUser { UserName = "administrator@corp.example", Email = "administrator@corp.example" }, TestPasswords.Good);

        Assert.Contains(full.Errors, e => e.Code == HoneypotUserValidator.ErrorCode);
        Assert.Contains(local.Errors, e => e.Code == HoneypotUserValidator.ErrorCode);
        Assert.Null(await users.FindByEmailAsync("administrator@corp.example"));
    }

    [Fact]
    public async Task The_validator_refuses_a_honeypot_that_is_a_real_account()
    {
        var email = await app.CreateUserAsync();
        var validators = app.Services.GetServices<IValidateOptions<AddressBlockingOptions>>().ToList();
        var options = new AddressBlockingOptions { HoneypotNames = ["nobody@example.com", email.ToUpperInvariant(), email.Split('@')[0] + "@", "not a name"] };

        var failures = validators.Select(v => v.Validate(null, options)).Where(r => r.Failed).SelectMany(r => r.Failures!).ToList();

        Assert.Contains(failures, f => f.Contains("AddressBlocking:HoneypotNames:1", StringComparison.Ordinal) && f.Contains("existing account", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("AddressBlocking:HoneypotNames:2", StringComparison.Ordinal) && f.Contains("existing account", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("AddressBlocking:HoneypotNames:3", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("AddressBlocking:HoneypotNames:0", StringComparison.Ordinal));
    }
}

/// <summary>The honeypot block on a real socket: the address that tried it is blocked, its neighbour is not.</summary>
public sealed class HoneypotSocketTests(HoneypotKestrelAppFactory app) : IClassFixture<HoneypotKestrelAppFactory>
{
    [Fact]
    public async Task A_honeypot_attempt_blocks_the_real_peer_address_at_once()
    {
        using var prober = app.SocketClient("127.0.0.41");
        using var neighbour = app.SocketClient("127.0.0.42");

        using var attempt = await prober.LoginAsync(SignalsAppFactory.HoneypotAddress, "whatever they try");
        using var again = await prober.LoginAsync("someone@example.com", "another try");
        using var other = await neighbour.LoginAsync("someone@example.com", "another try");

        Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.IpRules.AnyAsync(r => r.Network == "127.0.0.41" && r.EndedAt == null, TestContext.Current.CancellationToken)));
        Assert.False(await app.WithDbAsync(db => db.IpRules.AnyAsync(r => r.Network == "127.0.0.42", TestContext.Current.CancellationToken)));
    }
}
