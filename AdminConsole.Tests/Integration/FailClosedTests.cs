namespace AdminConsole.Tests.Integration;

/// <summary>ASVS 16.5.3: when the attempt or its decision cannot be written, sign-in is refused.</summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class FailClosedTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<HttpResponseMessage> LoginWhileWritesFailAsync(HttpClient client, string email, string password)
    {
        app.Fault.On = true;
        try
        {
            return await client.LoginAsync(email, password);
        }
        finally
        {
            app.Fault.On = false;
        }
    }

    [Fact]
    public async Task A_correct_password_is_refused_with_503_while_the_database_cannot_be_written()
    {
        var client = app.AllowListedClient();
        var email = await app.CreateUserAsync();

        var response = await LoginWhileWritesFailAsync(client, email, TestPasswords.Good);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(SignInMessages.Unavailable, (await response.ProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, TestPasswords.Good)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_answered_503_not_401_when_it_cannot_be_counted()
    {
        var client = app.Client();
        var email = await app.CreateUserAsync();

        var response = await LoginWhileWritesFailAsync(client, email, TestPasswords.Wrong);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.LoginAttempts.CountAsync(a => a.UserName == email.ToUpperInvariant())));
    }
}
