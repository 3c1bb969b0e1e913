using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.OpenId;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static AdminConsole.Tests.Infrastructure.OpenIdAppFactory;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Back-channel logout (OpenID Connect Back-Channel Logout 1.0): when a session ends, each application it signed in
/// to that has a back-channel logout URI gets a logout token through the outbox, signed with the provider's keys.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class BackChannelLogoutTests(OpenIdAppFactory app) : IClassFixture<OpenIdAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private BackChannelLogoutSender Sender =>
        app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<BackChannelLogoutSender>().Single();

    [Fact]
    public async Task An_admin_lock_sends_the_application_a_signed_logout_token_naming_the_session_it_signed_in_to()
    {
        var email = await app.CreateUserAsync();
        var browser = app.Browser();
        var (verifier, challenge) = Pkce();
        var code = CodeOf(await AuthorizeAsync(browser, AuthorizeUrl(ConfidentialClient, ConfidentialRedirect, challenge, "openid email offline_access"), email));
        using var redeemed = await RedeemAsync(browser, code, verifier, ConfidentialClient, ConfidentialRedirect, ConfidentialSecret);
        var idToken = new JsonWebToken((await JsonAsync(redeemed)).GetProperty("id_token").GetString());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var locked = await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Accounts.AccountAdminService>()
                .LockAsync(email, "stolen laptop", null, ConsoleActor.CommandLine(), Cancel);
            Assert.True(locked.Succeeded, locked.Message);
        }

        await Sender.SendDueAsync(Cancel);
        var logout = await app.BackChannel.NextAsync(TimeSpan.FromSeconds(10));

        var jwks = new JsonWebKeySet(await app.Browser().GetStringAsync("/.well-known/jwks", Cancel));
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(logout, new TokenValidationParameters
        {
            ValidIssuer = AppFactory.PublicBaseUrl,
            ValidAudience = ConfidentialClient,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidTypes = ["logout+jwt"],
            ValidateLifetime = false, // the app runs on a fake clock; iat and exp are checked below
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var token = (JsonWebToken)validation.SecurityToken;
        Assert.Equal(idToken.GetClaim(BackChannelLogouts.SessionIdClaim).Value, token.GetClaim(BackChannelLogouts.SessionIdClaim).Value);
        Assert.Equal(idToken.Subject, token.Subject);
        Assert.True(token.ValidTo > token.IssuedAt);
        Assert.True(token.TryGetPayloadValue<JsonElement>("events", out var events) && events.TryGetProperty(BackChannelLogoutSender.LogoutEvent, out _));
        Assert.False(token.TryGetPayloadValue<string>("nonce", out _));
        var delivery = await app.WithDbAsync(db => db.BackChannelLogouts.SingleAsync(d => d.UserId == idToken.Subject, Cancel));
        Assert.Equal((ConfidentialClient, 1), (delivery.ClientId, delivery.Attempts));
        Assert.NotNull(delivery.DeliveredAt);
    }

    [Fact]
    public async Task The_sender_is_woken_once_the_session_end_commits_so_the_logout_does_not_wait_for_the_next_poll()
    {
        var email = await app.CreateUserAsync();
        var browser = app.Browser();
        var (verifier, challenge) = Pkce();
        var code = CodeOf(await AuthorizeAsync(browser, AuthorizeUrl(ConfidentialClient, ConfidentialRedirect, challenge, "openid email offline_access"), email));
        using var redeemed = await RedeemAsync(browser, code, verifier, ConfidentialClient, ConfidentialRedirect, ConfidentialSecret);
        var subject = new JsonWebToken((await JsonAsync(redeemed)).GetProperty("id_token").GetString()).Subject;

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var locked = await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Accounts.AccountAdminService>()
                .LockAsync(email, "stolen laptop", null, ConsoleActor.CommandLine(), Cancel);
            Assert.True(locked.Succeeded, locked.Message);
        }

        // No SendDueAsync here and the clock stands still: only the wake-up after the commit can deliver it.
        string received;
        do
        {
            received = new JsonWebToken(await app.BackChannel.NextAsync(TimeSpan.FromSeconds(10))).Subject;
        }
        while (received != subject); // a token left by another test of this class is skipped

        Assert.Equal(subject, received);
    }

    [Fact]
    public async Task A_session_that_signed_in_only_to_applications_without_a_back_channel_queues_nothing()
    {
        var (_, email, tokens) = await app.SignedInAsync(); // the public client has no back-channel logout URI
        var subject = new JsonWebToken(tokens.GetProperty("id_token").GetString()).Subject;

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var locked = await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Accounts.AccountAdminService>()
                .LockAsync(email, "test", null, ConsoleActor.CommandLine(), Cancel);
            Assert.True(locked.Succeeded, locked.Message);
        }

        Assert.False(await app.WithDbAsync(db => db.BackChannelLogouts.AnyAsync(d => d.UserId == subject, Cancel)));
    }

    [Fact]
    public async Task A_failed_delivery_stays_in_the_log_with_its_error_and_is_tried_again_later()
    {
        var now = app.Time.GetUtcNow();
        var id = await app.WithDbAsync(async db =>
        {
            var row = new BackChannelLogout
            {
                ClientId = ConfidentialClient, Url = $"http://127.0.0.1:{Loopback.FreePort()}/nobody-listens", UserId = "user",
                SessionId = AdminConsole.Core.Sessions.SessionStore.NewId(), CreatedAt = now, NextAttemptAt = now,
            };
            db.BackChannelLogouts.Add(row);
            await db.SaveChangesAsync(Cancel);
            return row.Id;
        });

        await Sender.SendDueAsync(Cancel);

        var delivery = await app.WithDbAsync(db => db.BackChannelLogouts.SingleAsync(d => d.Id == id, Cancel));
        Assert.Null(delivery.DeliveredAt);
        Assert.Null(delivery.GaveUpAt);
        Assert.Equal(1, delivery.Attempts);
        Assert.False(string.IsNullOrEmpty(delivery.LastError));
        Assert.True(delivery.NextAttemptAt > now);
    }

    [Fact]
    public async Task Loopback_and_private_targets_are_refused_unless_OpenId_AllowPrivateTargets()
    {
        var targets = new AdminConsole.Core.Webhooks.WebhookTargets(() => false, "OpenId:AllowPrivateTargets");

        var refused = await Assert.ThrowsAsync<AdminConsole.Core.Webhooks.WebhookTargetRefusedException>(() => targets.ResolvePublicAsync("127.0.0.1", Cancel));

        Assert.Contains("OpenId:AllowPrivateTargets", refused.Message);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), await new AdminConsole.Core.Webhooks.WebhookTargets(() => true, "OpenId:AllowPrivateTargets").ResolvePublicAsync("10.1.2.3", Cancel));
    }
}
