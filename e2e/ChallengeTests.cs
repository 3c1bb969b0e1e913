using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>
/// The challenge after failures, in Chromium with the product's defaults (<c>Challenge:AfterFailures</c> 3): the
/// fourth sign-in of a name that failed three times is answered with a puzzle, which the sign-in page solves in the
/// background and sends again by itself; the person only sees a short check.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ChallengeTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task After_three_failures_the_page_solves_the_challenge_by_itself_and_the_right_password_signs_in()
    {
        var page = await Host.NewPageAsync(forwardedFor: "203.0.113.71");
        var posts = 0;
        var challenged = 0;
        page.Response += async (_, response) =>
        {
            if (response.Request.Method == "POST" && response.Url.EndsWith("/Account/Login", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref posts);
                if (response.Status == 200 && (await response.TextAsync()).Contains("data-puzzle", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref challenged);
                }
            }
        };

        var login = new LoginPage(page);
        await login.GotoAsync();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await login.SignInAsync(AppHost.ChallengeEmail, $"not the right passphrase {attempt}");
            await Expect(login.Alert).ToContainTextAsync("Sign-in failed.");
        }

        Assert.Equal(0, Volatile.Read(ref challenged));
        await login.SignInAsync(AppHost.ChallengeEmail, AppHost.ChallengePassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage"), new() { Timeout = 15_000 });
        Assert.Equal(1, Volatile.Read(ref challenged));
        Assert.Equal(5, Volatile.Read(ref posts));
    }
}
