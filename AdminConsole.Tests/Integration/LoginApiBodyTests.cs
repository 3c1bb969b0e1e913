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
}
