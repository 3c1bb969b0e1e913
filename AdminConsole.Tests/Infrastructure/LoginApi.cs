using System.Text.Json;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>Calls <c>POST /api/account/login</c> and reads the answer.</summary>
public static class LoginApi
{
    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/account/login", new { email, password }, TestContext.Current.CancellationToken);

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }

    /// <summary>
    /// Signs in once with the right password, so this client is the account owner's device (it holds the device
    /// cookie) and is told how many attempts are left.
    /// </summary>
    public static async Task SignInOnceAsync(this HttpClient client, string email)
    {
        using var response = await client.LoginAsync(email, TestPasswords.Good);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task<HttpResponseMessage> FailTimesAsync(this HttpClient client, string email, int times)
    {
        HttpResponseMessage? last = null;
        for (var i = 0; i < times; i++)
        {
            last?.Dispose();
            last = await client.LoginAsync(email, TestPasswords.Wrong);
        }

        return last!;
    }
}
