using System.Text;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// Through Kestrel on a real socket: the sign-in body limit is the endpoint's metadata, enforced by the server even
/// for a chunked body that declares no length, and a body that is not JSON gets the same 400 problem+json as ever.
/// </summary>
public sealed class LoginApiBodyTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    private static readonly string Oversized = $$"""{"email":"a@example.com","password":"x","pad":"{{new string('p', 20_000)}}"}""";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_8_KB_gets_400_naming_the_body_and_counts_nothing(bool chunked)
    {
        using var client = app.SocketClient();
        var before = await app.WithDbAsync(db => db.LoginAttempts.CountAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/login")
        {
            Content = new StringContent(Oversized, Encoding.UTF8, "application/json"),
        };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal("The sign-in request is not valid.", problem.GetProperty("title").GetString());
        Assert.Contains("larger than 8192 bytes", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Equal(before, await app.WithDbAsync(db => db.LoginAttempts.CountAsync()));
    }

    [Theory]
    [InlineData("{email:", "body", "not valid JSON")]
    [InlineData("[1,2]", "body", "must be a JSON object")]
    [InlineData("""{"email":5,"password":"x"}""", "email", "must be a string")]
    [InlineData("""{"email":"a@example.com"}""", "password", "password is required")]
    public async Task A_body_that_is_not_a_sign_in_gets_400_naming_the_field(string body, string field, string error)
    {
        using var client = app.SocketClient();

        using var response = await client.PostAsync(
            "/api/account/login", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal("The sign-in request is not valid.", problem.GetProperty("title").GetString());
        Assert.Contains(error, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    /// <summary>
    /// A proxy or firewall that reads the first of two equal keys would see another account than the one signed in
    /// (the last key would win): a body with a repeated key is refused before anything is counted or hashed.
    /// </summary>
    [Theory]
    [InlineData("/api/account/login", """{"email":"a@example.com","email":"{{victim}}","password":"{{password}}"}""")]
    [InlineData("/api/account/login", """{"email":"{{victim}}","password":"x","password":"{{password}}"}""")]
    [InlineData("/api/account/login", """{"email":"{{victim}}","Email":"a@example.com","password":"{{password}}"}""")]
    public async Task A_body_with_a_repeated_key_gets_400_and_signs_no_one_in(string path, string template)
    {
        var victim = await app.CreateUserAsync();
        using var client = app.SocketClient();
        var body = template.Replace("{{victim}}", victim, StringComparison.Ordinal).Replace("{{password}}", TestPasswords.Good, StringComparison.Ordinal);
        var hashed = app.Hasher.Verifications;

        using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Contains("more than once", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.Contains("Auth", StringComparison.Ordinal)));
        Assert.Equal(hashed, app.Hasher.Verifications);
    }

    [Fact]
    public async Task A_repeated_key_in_an_admin_body_gets_400_too()
    {
        using var client = app.SocketClient();
        using var signIn = await client.LoginAsync(await app.CreateUserAsync(role: AppRoles.SecurityAdmin), TestPasswords.Good);
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/ip-rules")
        {
            Content = new StringContent("""{"network":"203.0.113.0/24","network":"0.0.0.0/0","kind":"Deny","reason":"x"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", cookie);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("more than once", (await response.ProblemAsync()).GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.False(await app.WithDbAsync(db => db.IpRules.AnyAsync(r => r.Network == "0.0.0.0/0")));
    }
}
