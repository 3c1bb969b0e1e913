using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// The token API's bodies, over HTTPS as the OpenID Connect server requires (a browser or client behind the trusted
/// TLS proxy): a body naming a field twice is refused before anything is counted, hashed or redeemed.
/// </summary>
public sealed class TokenApiBodyTests(ProxyKestrelAppFactory app) : IClassFixture<ProxyKestrelAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_body_with_a_repeated_key_gets_400_and_signs_no_one_in()
    {
        var victim = await app.CreateUserAsync();
        using var client = ProxiedBrowser.Create(app, AppFactory.NewAddress());
        var hashed = app.Hasher.Verifications;

        using var response = await client.PostAsync("/api/account/token",
            new StringContent($$"""{"email":"a@example.com","email":"{{victim}}","password":"{{TestPasswords.Good}}"}""", Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("more than once", (await response.ProblemAsync()).GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Equal(hashed, app.Hasher.Verifications);
    }

    [Fact]
    public async Task A_refresh_body_with_a_repeated_key_gets_400_and_rotates_nothing()
    {
        var email = await app.CreateUserAsync();
        using var client = ProxiedBrowser.Create(app, AppFactory.NewAddress());
        using var issued = await client.PostAsJsonAsync("/api/account/token", new { email, password = TestPasswords.Good }, Cancel);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var refresh = (await issued.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("refreshToken").GetString();

        using var repeated = await client.PostAsync("/api/account/token/refresh",
            new StringContent($$"""{"refreshToken":"not-a-token","refreshToken":"{{refresh}}"}""", Encoding.UTF8, "application/json"), Cancel);
        using var once = await client.PostAsJsonAsync("/api/account/token/refresh", new { refreshToken = refresh }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, repeated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, once.StatusCode); // the token was not used by the refused body
    }

    [Fact]
    public async Task The_token_api_over_plain_http_is_refused_with_a_reason_not_a_wrong_field()
    {
        var email = await app.CreateUserAsync();
        using var client = app.SocketClient();

        using var response = await client.PostAsJsonAsync("/api/account/token", new { email, password = TestPasswords.Good }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Contains("HTTPS", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(problem.TryGetProperty("errors", out _));
    }
}
