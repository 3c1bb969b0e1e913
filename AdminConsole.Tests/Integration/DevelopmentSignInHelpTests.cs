using System.Text.RegularExpressions;
using AdminConsole.Core.Identity;
using Microsoft.AspNetCore.Hosting;

namespace AdminConsole.Tests.Integration;

/// <summary>A seeded account with a seeded authenticator key, in the environment each factory names.</summary>
public abstract class SeededTwoFactorFactory : AppFactory
{
    public const string Email = "seeded-2fa@example.com";
    public const string Key = "JBSWY3DPEHPK3PXPSEEDEDTWOFACTOR2";

    protected SeededTwoFactorFactory()
    {
        Settings["Seed:Users:0:Email"] = Email;
        Settings["Seed:Users:0:Password"] = TestPasswords.Good;
        Settings["Seed:Users:0:AuthenticatorKey"] = Key;
    }
}

public sealed class DevelopmentFactory : SeededTwoFactorFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
    }
}

public sealed class SeededTestingFactory : SeededTwoFactorFactory;

/// <summary>
/// In Development only, the second-factor page of a seeded account shows the code of its seeded key, so a newcomer
/// opens the console without an authenticator app; in any other environment nothing of it exists.
/// </summary>
public sealed partial class DevelopmentSignInHelpTests(DevelopmentFactory development, SeededTestingFactory testing)
    : IClassFixture<DevelopmentFactory>, IClassFixture<SeededTestingFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [GeneratedRegex("current code is <b>(\\d{6})</b>")]
    private static partial Regex ShownCode();

    private static async Task<(HttpClient Client, string Page, string Path)> SecondFactorPageAsync(AppFactory app)
    {
        var client = app.AllowListedClient();
        using var password = await client.PostFormAsync("/Account/Login", "login", [new("Input.Email", SeededTwoFactorFactory.Email), new("Input.Password", TestPasswords.Good)]);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var path = password.Headers.Location!.PathAndQuery;
        Assert.StartsWith("/Account/LoginWith2fa", path, StringComparison.Ordinal);
        return (client, await client.GetStringAsync(path, Cancel), path);
    }

    [Fact]
    public async Task Development_shows_a_seeded_account_the_code_of_its_seeded_key_and_the_code_signs_in()
    {
        var (client, page, path) = await SecondFactorPageAsync(development);

        var code = ShownCode().Match(page);
        Assert.True(code.Success, "no code shown");
        var now = DateTimeOffset.UtcNow; // Identity checks authenticator codes against the system clock
        Assert.Contains(code.Groups[1].Value, new[] { Totp.Code(SeededTwoFactorFactory.Key, now), Totp.Code(SeededTwoFactorFactory.Key, now.AddSeconds(-30)) });
        using var signIn = await client.PostFormAsync(path, "login-with-2fa", [new("Input.TwoFactorCode", code.Groups[1].Value)]);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.DoesNotContain("LoginWith2fa", signIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_nothing_of_it_exists()
    {
        var (_, page, _) = await SecondFactorPageAsync(testing);

        Assert.DoesNotContain("development-code", page, StringComparison.Ordinal);
        await using var scope = testing.Services.CreateAsyncScope();
        Assert.Null(scope.ServiceProvider.GetService<DevelopmentSignInHelp>());
    }
}
