using System.Text;

namespace AdminConsole.Tests.Integration;

/// <summary>Malformed sign-in bodies get 400 problem+json that says what is wrong, and change nothing.</summary>
public sealed class LoginApiValidationTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static TheoryData<string, string, string, string> Bodies => new()
    {
        // name, content type, body, error key
        { "not JSON", "application/json", "{email:", "body" },
        { "an array", "application/json", "[1,2]", "body" },
        { "empty body", "application/json", "", "body" },
        { "form encoded", "application/x-www-form-urlencoded", "email=a%40b.c&password=x", "body" },
        { "missing email", "application/json", """{"password":"something long enough"}""", "email" },
        { "missing password", "application/json", """{"email":"a@example.com"}""", "password" },
        { "number for email", "application/json", """{"email":5,"password":"something long enough"}""", "email" },
        { "object for password", "application/json", """{"email":"a@example.com","password":{"x":1}}""", "password" },
        { "null password", "application/json", """{"email":"a@example.com","password":null}""", "password" },
        { "not an email", "application/json", """{"email":"not-an-email","password":"something long enough"}""", "email" },
        { "over-long email", "application/json", $$"""{"email":"{{new string('a', 300)}}@example.com","password":"x"}""", "email" },
        { "over-long password", "application/json", $$"""{"email":"a@example.com","password":"{{new string('p', 300)}}"}""", "password" },
        { "huge body", "application/json", $$"""{"email":"a@example.com","password":"x","pad":"{{new string('p', 10_000)}}"}""", "body" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Malformed_bodies_get_400_problem_json(string name, string contentType, string body, string errorKey)
    {
        var client = app.Client();
        var before = await app.WithDbAsync(db => db.LoginAttempts.CountAsync());

        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var response = await client.PostAsync("/api/account/login", content, TestContext.Current.CancellationToken);

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{name}: {response.StatusCode}");
        var problem = await response.ProblemAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(errorKey, out _), $"{name}: no error for {errorKey}");
        Assert.Equal(before, await app.WithDbAsync(db => db.LoginAttempts.CountAsync()));
    }
}
