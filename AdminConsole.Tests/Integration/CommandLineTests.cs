using System.Net.Sockets;
using System.Text.RegularExpressions;
using AdminConsole.Core.Audit;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// The command line of the built app, one process per case: help and usage errors answer before anything is built
/// (no database is opened, no port is taken), only <c>serve</c> or no command starts the web server, and the
/// operator's commands (<c>create-admin</c>, <c>export-config</c>, <c>healthcheck</c>) work on the configured
/// database beside the running host.
/// </summary>
public sealed partial class CommandLineTests(CommandLineTests.Host app) : IClassFixture<CommandLineTests.Host>
{
    /// <summary>The test host, whose database the commands use.</summary>
    public sealed class Host : AppFactory
    {
        public string Database => DatabasePath;
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [GeneratedRegex("https://console\\.example\\.test/Account/ResetPassword\\?code=[A-Za-z0-9_-]+")]
    private static partial Regex SetPasswordLink();

    private Dictionary<string, string> Environment(string? database = null) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["ConnectionStrings__AdminConsole"] = $"Data Source={database ?? app.Database}",
        ["App__PublicBaseUrl"] = AppFactory.PublicBaseUrl,
        ["Mail__PickupDirectory"] = Path.Combine(Path.GetTempPath(), $"adminconsole-test-mail-{Guid.NewGuid():N}"),
    };

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => AppProcess.RunCommandAsync(Environment(), args, Cancel);

    private static string NewDatabase() => Path.Combine(Path.GetTempPath(), $"adminconsole-cli-{Guid.NewGuid():N}.db");

    private static bool Listens(int port)
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("unlock", "--help")]
    [InlineData("cleanup", "--older-than", "40", "--help")]
    [InlineData("help", "create-admin")]
    public async Task Help_prints_the_commands_their_arguments_and_exit_codes_and_exits_0_without_opening_a_database(params string[] args)
    {
        var database = NewDatabase();

        var (code, output, error) = await AppProcess.RunCommandAsync(Environment(database), args, Cancel);

        Assert.True(code == 0, error);
        foreach (var expected in new[] { "unlock EMAIL --reason TEXT", "status EMAIL", "cleanup --older-than DAYS", "create-admin EMAIL --reason TEXT", "export-config", "healthcheck", "serve", "--version", "Exit codes:" })
        {
            Assert.Contains(expected, output);
        }

        Assert.Equal("", error);
        Assert.False(File.Exists(database), "help opened the database");
    }

    [Fact]
    public async Task Version_prints_the_version_and_exits_0()
    {
        var (code, output, _) = await RunAsync("--version");

        Assert.Equal(0, code);
        Assert.Equal($"AdminConsole {AppCommand.Version}", output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", AppCommand.Version);
    }

    [Theory]
    [InlineData("unlok", "someone@example.com", "--reason", "typo")]
    [InlineData("Unlock", "someone@example.com", "--reason", "case")]
    [InlineData("status", "someone@example.com", "extra")]
    [InlineData("unlock", "someone@example.com", "--reason", "two", "words")]
    [InlineData("cleanup", "31")]
    [InlineData("serve", "now")]
    [InlineData("healthcheck", "please")]
    public async Task A_typo_or_a_stray_argument_exits_2_with_usage_and_starts_nothing_even_on_a_free_port(params string[] args)
    {
        var port = Loopback.FreePort();
        var database = NewDatabase();

        var (code, output, error) = await AppProcess.RunCommandAsync(Environment(database), [.. args, "--urls", $"http://127.0.0.1:{port}"], Cancel);

        Assert.Equal(2, code);
        Assert.Contains("Usage", error);
        Assert.Contains("Nothing was started", error);
        Assert.DoesNotContain("Now listening", output);
        Assert.False(Listens(port), "something listens on the port after the command exited");
        Assert.False(File.Exists(database), "the command opened the database");
    }

    [Fact]
    public async Task Host_options_still_reach_the_configuration_of_a_command()
    {
        var (code, output, error) = await RunAsync("export-config", "--Lockout:ShowRemainingAttempts", "false", "--Registration:Mode=Domains");

        Assert.True(code == 0, error);
        Assert.Contains("Lockout:ShowRemainingAttempts = false   # command line", output);
        Assert.Contains("Registration:Mode = Domains   # command line", output);
    }

    [Fact]
    public async Task Export_config_shows_each_value_and_its_source_with_secrets_masked()
    {
        var environment = Environment();
        environment["Mail__Smtp__Password"] = "smtp-secret-3141";
        environment["Seed__Admin__AuthenticatorKey"] = "JBSWY3DPSECRETKEY";
        environment["ConnectionStrings__Reporting"] = "Server=db;User Id=console;Password=p4ss-2718;Encrypt=true";
        environment["DataProtection__CertificatePassword"] = "pfx-secret-1618";

        var (code, output, error) = await AppProcess.RunCommandAsync(environment, ["export-config"], Cancel);

        Assert.True(code == 0, error);
        Assert.Contains("Mail:Smtp:Password = ***   # environment variable", output);
        Assert.Contains("Seed:Admin:AuthenticatorKey = ***", output);
        Assert.Contains("DataProtection:CertificatePassword = ***", output);
        Assert.Contains("ConnectionStrings:Reporting = Server=db;User Id=console;Password=***;Encrypt=true", output);
        Assert.Contains("Lockout:FailureWindow = 1.00:00:00   # appsettings.json", output);
        Assert.Contains("App:PublicBaseUrl = https://console.example.test/", output);
        foreach (var secret in new[] { "smtp-secret-3141", "JBSWY3DPSECRETKEY", "p4ss-2718", "pfx-secret-1618" })
        {
            Assert.DoesNotContain(secret, output);
        }

        Assert.DoesNotMatch(@"(?m)^PATH = ", output);
    }

    [Fact]
    public async Task Healthcheck_exits_0_when_the_database_and_outbox_answer()
    {
        _ = app.Services; // the host migrates its database

        var (code, output, error) = await RunAsync("healthcheck");

        Assert.True(code == 0, output + error);
        Assert.StartsWith("Healthy", output);
        Assert.Contains("database: Healthy", output);
        Assert.Contains("mail-outbox: Healthy", output);
    }

    [Fact]
    public async Task Healthcheck_exits_1_when_ready_would_answer_503_and_migrates_nothing()
    {
        var database = NewDatabase(); // no schema: the outbox cannot be read

        var (code, output, _) = await AppProcess.RunCommandAsync(Environment(database), ["healthcheck"], Cancel);

        Assert.Equal(1, code);
        Assert.StartsWith("Unhealthy", output);
        Assert.Contains("mail-outbox: Unhealthy", output);
    }

    [Fact]
    public async Task Create_admin_makes_a_new_address_a_security_admin_prints_a_working_one_use_link_and_audits()
    {
        var email = $"first-admin-{Guid.NewGuid():N}@example.com";

        var (code, output, error) = await RunAsync("create-admin", email, "--reason", "first admin of the deployment");

        Assert.True(code == 0, error);
        var link = SetPasswordLink().Match(output).Value;
        Assert.NotEmpty(link);
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email, Cancel));
        Assert.Null(user.PasswordHash);
        Assert.True(await IsAdminAsync(user.Id));
        var audit = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.TargetUserName == email.ToUpperInvariant(), Cancel));
        Assert.Equal(SecurityEventType.UserInvited, audit.Type);
        Assert.StartsWith("command line (", audit.Actor);
        Assert.Equal("first admin of the deployment", audit.Reason);

        Assert.True(await SetPasswordAsync(link, email, "the first admin's own passphrase"));
        Assert.False(await SetPasswordAsync(link, email, "a second use of the same link"));
        Assert.NotNull((await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email, Cancel))).PasswordHash);
        using var login = await app.AllowListedClient().LoginAsync(email, "the first admin's own passphrase");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Create_admin_promotes_an_existing_account_once()
    {
        var email = await app.CreateUserAsync();

        var first = await RunAsync("create-admin", email, "--reason=the security team's new lead");
        var again = await RunAsync("create-admin", email, "--reason", "run twice by mistake");

        Assert.True(first.Code == 0, first.Error);
        Assert.Matches(SetPasswordLink(), first.Output);
        Assert.Equal(0, again.Code);
        Assert.Contains("SecurityAdmin already", again.Output);
        Assert.DoesNotMatch(SetPasswordLink(), again.Output);
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email, Cancel));
        Assert.True(await IsAdminAsync(user.Id));
        var events = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.TargetUserName == email.ToUpperInvariant()).ToListAsync(Cancel));
        var granted = Assert.Single(events);
        Assert.Equal((SecurityEventType.RoleGranted, "the security team's new lead"), (granted.Type, granted.Reason));
    }

    [Theory]
    [InlineData("create-admin", "{email}")]
    [InlineData("create-admin", "{email}", "--reason", " ")]
    [InlineData("create-admin", "--reason", "no address")]
    [InlineData("create-admin", "not-an-address", "--reason", "typo")]
    public async Task Create_admin_without_an_address_or_a_reason_exits_2_and_creates_nothing(params string[] args)
    {
        var email = $"nobody-{Guid.NewGuid():N}@example.com";
        var users = await app.WithDbAsync(db => db.Users.CountAsync(Cancel));

        var (code, _, error) = await RunAsync([.. args.Select(a => a.Replace("{email}", email, StringComparison.Ordinal))]);

        Assert.Equal(2, code);
        Assert.Contains("Usage", error);
        Assert.Equal(users, await app.WithDbAsync(db => db.Users.CountAsync(Cancel)));
    }

    private Task<bool> IsAdminAsync(string userId) =>
        app.WithDbAsync(db => db.UserRoles.AnyAsync(
            ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == AppRoles.SecurityAdmin), Cancel));

    /// <summary>Follows the link on the set-password page as its owner would; true when the page accepted the code.</summary>
    private async Task<bool> SetPasswordAsync(string link, string email, string password)
    {
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link).Query)["code"].ToString();
        Assert.True(AccountCode.TryDecode(code, out var token));
        using var response = await app.AllowListedClient().PostFormAsync(new Uri(link).PathAndQuery, "reset-password",
        [
            new("Input.Email", email), new("Input.Password", password), new("Input.ConfirmPassword", password), new("Input.Code", token),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location?.OriginalString.EndsWith("Account/InvalidPasswordReset", StringComparison.Ordinal) == false;
    }
}
