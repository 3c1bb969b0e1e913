using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Integration;

/// <summary>Passkeys belong to <c>App:PublicBaseUrl</c>: its host is the relying party, its origin the only one accepted.</summary>
public sealed class PasskeyOptionsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private IdentityPasskeyOptions Options => app.Services.GetRequiredService<IOptions<IdentityPasskeyOptions>>().Value;

    private async Task<bool> AcceptsAsync(string origin, bool crossOrigin = false) =>
        await Options.ValidateOrigin!(new PasskeyOriginValidationContext
        {
            HttpContext = new DefaultHttpContext(),
            Origin = origin,
            CrossOrigin = crossOrigin,
        });

    [Fact]
    public void The_relying_party_is_the_public_host_not_the_request_host() =>
        Assert.Equal("console.example.test", Options.ServerDomain);

    [Fact]
    public async Task Only_the_public_origin_is_accepted()
    {
        Assert.True(await AcceptsAsync("https://console.example.test"));
        Assert.False(await AcceptsAsync("http://localhost"));
        Assert.False(await AcceptsAsync("https://attacker.example"));
        Assert.False(await AcceptsAsync("https://console.example.test", crossOrigin: true));
    }
}
