using AdminConsole.Core.Mail;

namespace AdminConsole.Tests.Integration;

/// <summary>Tokens go into the mail and nowhere else: no log line carries one (as in the link or decoded) or the new password.</summary>
public sealed class AccountMailLoggingTests(LoggedAppFactory app) : IClassFixture<LoggedAppFactory>
{
    private const string NewPassword = "a long and unusual passphrase";

    private static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    [Fact]
    public async Task No_log_line_carries_a_confirmation_or_reset_token()
    {
        var client = app.AllowListedClient();
        var registered = $"new-{Guid.NewGuid():N}@example.com";
        var existing = await app.CreateUserAsync();
        using (await client.PostFormAsync("/Account/Register", "register",
            [Field("Input.Email", registered), Field("Input.Password", NewPassword), Field("Input.ConfirmPassword", NewPassword)]))
        using (await client.PostFormAsync("/Account/ForgotPassword", "forgot-password", [Field("Input.Email", existing)]))
        {
        }

        var mails = await app.WithDbAsync(db => db.OutboxMails.Where(m => m.To == registered || m.To == existing).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, mails.Count);
        var codes = mails.Select(m => System.Web.HttpUtility.ParseQueryString(new Uri(AccountMailTests.LinkIn(m)).Query)["code"]!).ToList();
        var resetLink = new Uri(AccountMailTests.LinkIn(mails.Single(m => m.Kind == AccountMailKind.PasswordReset))).PathAndQuery;
        using (await client.PostFormAsync(resetLink, "reset-password",
            [Field("Input.Email", existing), Field("Input.Password", NewPassword), Field("Input.ConfirmPassword", NewPassword)]))
        {
        }

        var secrets = codes.Concat(codes.Select(c => AccountCode.TryDecode(c, out var token) ? token : c)).ToList();
        var lines = app.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("AccountMailQueued", StringComparison.Ordinal) && l.Contains("PasswordReset", StringComparison.Ordinal));
        Assert.All(secrets, secret => Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains(NewPassword, StringComparison.Ordinal));
    }
}
