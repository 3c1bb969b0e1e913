using AdminConsole.Core.OpenId;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// The signing keys rotate on the app's clock: the next key is in the JWKS before anything is signed with it, and a
/// retired key stays there until the last token it signed has expired (defaults: a key signs 30 days, is published
/// 2 days ahead, and is kept one check interval plus one token lifetime after its turn).
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class OpenIdKeyRotationTests(OpenIdAppFactory app) : IClassFixture<OpenIdAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_key_is_published_before_it_signs_and_the_old_one_stays_until_its_tokens_have_expired()
    {
        var ring = app.Services.GetRequiredService<OpenIdKeyRing>();
        await ring.RefreshAsync(Cancel);
        var first = Assert.Single(await PublishedAsync());
        Assert.Equal(first, await SignerAsync());

        app.Time.Advance(TimeSpan.FromDays(28) + TimeSpan.FromHours(1));
        await ring.RefreshAsync(Cancel);
        var published = await PublishedAsync();
        var second = Assert.Single(published, kid => kid != first);
        Assert.Equal(first, await SignerAsync()); // published, not yet signing

        app.Time.Advance(TimeSpan.FromDays(2));
        await ring.RefreshAsync(Cancel);
        Assert.Equal(second, await SignerAsync());
        Assert.Contains(first, await PublishedAsync()); // tokens it signed minutes ago still verify

        app.Time.Advance(TimeSpan.FromHours(2));
        await ring.RefreshAsync(Cancel);
        Assert.DoesNotContain(first, await PublishedAsync());
        Assert.Contains(second, await PublishedAsync());
    }

    private async Task<List<string>> PublishedAsync()
    {
        using var response = await app.Browser().GetAsync("/.well-known/jwks", Cancel);
        return [.. (await OpenIdAppFactory.JsonAsync(response)).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }

    /// <summary>The key id that signs a new access token now.</summary>
    private async Task<string> SignerAsync()
    {
        var (_, _, tokens) = await app.SignedInAsync();
        return new JsonWebToken(tokens.GetProperty("access_token").GetString()).Kid;
    }
}
