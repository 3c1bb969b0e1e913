using System.Text.Json;
using System.Text.RegularExpressions;

namespace AdminConsole.Tests.Integration;

/// <summary>ASVS 6.3.8: the passkey request options never reveal whether a typed name has an account or passkeys.</summary>
public sealed partial class PasskeyRequestOptionsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<JsonElement> OptionsForAsync(string username)
    {
        var client = app.AllowListedClient();
        var page = await client.GetStringAsync("/Account/Login", TestContext.Current.CancellationToken);
        var token = System.Net.WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        Assert.NotEmpty(token);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Account/PasskeyRequestOptions?username={Uri.EscapeDataString(username)}");
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
    }

    private static string Shape(JsonElement options) =>
        string.Join(",", options.EnumerateObject().Where(p => p.Name != "challenge").Select(p => $"{p.Name}={(p.Value.ValueKind == JsonValueKind.Array ? p.Value.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture) : p.Value.ToString())}"));

    [Fact]
    public async Task A_known_and_an_unknown_name_get_the_same_options_without_credentials()
    {
        var known = await app.CreateUserAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // A registered passkey: listing it would name the account's credential to anyone who typed the name.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(known))!;
            var passkey = new UserPasskeyInfo([1, 2, 3, 4, 5, 6, 7, 8], [9, 9, 9], app.Time.GetUtcNow(), 0, ["internal"], true, false, false, [0], [0]);
            Assert.True((await users.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded);
        }

        var forKnown = await OptionsForAsync(known);
        var forUnknown = await OptionsForAsync($"nobody-{Guid.NewGuid():N}@example.com");

        Assert.Equal(Shape(forUnknown), Shape(forKnown));
        Assert.False(forKnown.TryGetProperty("allowCredentials", out var listed) && listed.GetArrayLength() > 0);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
