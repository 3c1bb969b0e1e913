using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AdminConsole.E2E;

/// <summary>
/// The browser half of the busy answer's proof of work: the sign-in page's script finds a number the server accepts
/// (SHA-256 of "challenge.n" with the leading zero bits asked), at the default difficulty, in Chromium.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SignInPuzzleTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task The_sign_in_pages_script_solves_a_puzzle_at_the_default_difficulty()
    {
        const int difficulty = 14;
        var page = await Host.NewPageAsync();
        await new LoginPage(page).GotoAsync();
        var challenge = "e2e-" + Guid.NewGuid().ToString("N");

        var solved = await page.EvaluateAsync<JsonElement>(
            """
            async ([challenge, difficulty]) => {
                const puzzle = await import("/js/sign-in-puzzle.js");
                const started = performance.now();
                const proof = await puzzle.solve(challenge, difficulty);
                return { proof, ms: performance.now() - started };
            }
            """,
            new object[] { challenge, difficulty });

        var proof = solved.GetProperty("proof").GetString()!;
        Assert.StartsWith(challenge + ".", proof, StringComparison.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(proof));
        Assert.Equal(0, hash[0]);
        Assert.Equal(0, hash[1] >> (8 - (difficulty - 8)));
        TestContext.Current.TestOutputHelper?.WriteLine($"solved difficulty {difficulty} in {solved.GetProperty("ms").GetDouble():F0} ms");
    }
}
