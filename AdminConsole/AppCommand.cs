using System.Reflection;
using AdminConsole.Core.Data;

namespace AdminConsole;

/// <summary>
/// The command line, read before anything is built: <c>help</c>, <c>--version</c> and every usage error are
/// answered here, so a typo can never start a web server or open a database. Options of the form
/// <c>--key value</c> or <c>--key=value</c> are ASP.NET Core configuration (<c>--urls</c>, <c>--environment</c>,
/// <c>--ConnectionStrings:AdminConsole</c>) or a command's own (<c>--reason</c>); every other word is the command
/// and its arguments, and a word too many is a usage error. The web server starts only with no command or
/// <c>serve</c>.
/// </summary>
public static class AppCommand
{
    public const string Serve = "serve";

    /// <summary>Exit codes shared by every command.</summary>
    public const int Done = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    private sealed record Verb(string Name, int Arguments, string Synopsis, string Summary);

    private static readonly Verb[] Verbs =
    [
        new(Serve, 0, "serve", "run the web app (the default when no command is given)"),
        new("unlock", 1, "unlock EMAIL --reason TEXT", "lift any lock (every tier) and clear the counts; audited"),
        new("status", 1, "status EMAIL", "tier, lock end, failures, consecutive failures"),
        new("create-admin", 1, "create-admin EMAIL --reason TEXT", "make or promote a SecurityAdmin and print a one-use link to set a password; audited"),
        new("cleanup", 0, "cleanup --older-than DAYS", $"run retention once, deleting attempts older than DAYS (at least {Core.Attempts.RetentionOptions.MinAttemptDays})"),
        new("export-config", 0, "export-config", "print the effective configuration and where each value comes from, secrets masked"),
        new("healthcheck", 0, "healthcheck", "run the checks of /health/ready in this process; exit 0 when ready (for containers without curl)"),
        new("seed-demo", 0, "seed-demo [--attempts N] [--accounts N]", "Development only: fill the database with demo history"),
    ];

    private static readonly string[] HelpWords = ["help", "--help", "-h", "-?", "/?", "/help"];

    /// <summary>The version of the app (<c>&lt;Version&gt;</c> in Directory.Build.props), without the commit.</summary>
    public static string Version { get; } =
        typeof(AppCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(AppCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The usage lines of the commands named, for a command's own usage error.</summary>
    public static string UsageOf(params string[] names) =>
        "Usage:" + Environment.NewLine + string.Concat(Verbs.Where(v => names.Contains(v.Name)).Select(Line));

    /// <summary>
    /// Answers help, <c>--version</c> and usage errors (nothing is built, nothing is started) and returns their exit
    /// code; null when <paramref name="args"/> name a command to run.
    /// </summary>
    public static int? Answer(string[] args, TextWriter output, TextWriter error)
    {
        var (words, options) = Split(args);
        if (options.Any(HelpWords.Contains) || words is ["help", ..])
        {
            output.Write(HelpText);
            return Done;
        }

        if (options.Contains("--version"))
        {
            output.WriteLine($"AdminConsole {Version}");
            return Done;
        }

        if (words.Count == 0)
        {
            return null;
        }

        if (Verbs.FirstOrDefault(v => v.Name == words[0]) is not { } verb)
        {
            error.Write($"'{words[0]}' is not a command. Nothing was started.{Environment.NewLine}{Environment.NewLine}{HelpText}");
            return Usage;
        }

        if (words.Count > verb.Arguments + 1)
        {
            error.Write($"{verb.Name}: '{words[verb.Arguments + 1]}' is one argument too many (an option's value with spaces needs quotes). Nothing was started.{Environment.NewLine}{UsageOf(verb.Name)}");
            return Usage;
        }

        return null;
    }

    /// <summary>
    /// For a command (not <see cref="Serve"/>), the log goes to stderr, framework warnings included, so that stdout
    /// holds only the command's own output (a report, a link, the configuration) for scripts to read.
    /// </summary>
    public static WebApplicationBuilder AddCommandLogging(this WebApplicationBuilder builder, string[] args)
    {
        if (Of(args) != Serve)
        {
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        return builder;
    }

    /// <summary>The command <paramref name="args"/> name: <see cref="Serve"/> when none.</summary>
    public static string Of(string[] args) => Split(args).Words is [var first, ..] ? first : Serve;

    /// <summary>Runs the command <paramref name="args"/> name on the built (not started) app and returns its exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var services = app.Services;
        var stopping = app.Lifetime.ApplicationStopping;
        switch (Of(args))
        {
            case "unlock" or "status":
                await DatabaseInitializer.InitializeAsync(services, stopping);
                return await BreakGlassCommand.RunAsync(services, args, Console.Out, Console.Error, stopping);
            case "cleanup":
                await DatabaseInitializer.InitializeAsync(services, stopping);
                return await CleanupCommand.RunAsync(services, args, Console.Out, Console.Error, stopping);
            case "create-admin":
                await DatabaseInitializer.InitializeAsync(services, stopping);
                return await CreateAdminCommand.RunAsync(services, args, Console.Out, Console.Error, stopping);
            case "export-config":
                ConfigurationExport.Write(app.Configuration, Console.Out);
                return Done;
            case "healthcheck":
                return await HealthCheckCommand.RunAsync(services, Console.Out, stopping);
            case "seed-demo":
                return await DemoCommand.RunAsync(app, args);
            default:
                throw new InvalidOperationException($"'{Of(args)}' is not a command to run; Answer refuses it first.");
        }
    }

    /// <summary>The value of <c>--name value</c> or <c>--name=value</c>.</summary>
    public static string? Option(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name)
            {
                return i + 1 < args.Length ? args[i + 1] : null;
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
    }

    /// <summary>
    /// Words and option names, read as ASP.NET Core's command-line configuration reads them: an argument that starts
    /// with <c>--</c>, <c>-</c> or <c>/</c> is an option, and takes the next argument as its value unless it holds
    /// <c>=</c>. <c>--version</c> and the help words stand alone.
    /// </summary>
    private static (List<string> Words, List<string> Options) Split(string[] args)
    {
        var words = new List<string>();
        var options = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--version" || (HelpWords.Contains(arg) && arg != "help"))
            {
                options.Add(arg);
            }
            else if (arg.Length > 1 && arg[0] is '-' or '/')
            {
                options.Add(arg.Split('=')[0]);
                if (!arg.Contains('=', StringComparison.Ordinal))
                {
                    i++;
                }
            }
            else
            {
                words.Add(arg);
            }
        }

        return (words, options);
    }

    private static string Line(Verb verb) => $"  {verb.Synopsis,-42} {verb.Summary}{Environment.NewLine}";

    private static string HelpText => $"""
        AdminConsole {Version}: a security console for ASP.NET Core Identity.

        Usage: dotnet AdminConsole.dll [COMMAND] [ARGUMENTS] [--Section:Key VALUE ...]
               (from the sources: dotnet run --project AdminConsole -- [COMMAND] ...)

        Commands:
        {string.Concat(Verbs.Select(Line))}  {"help, --help",-42} this text
          {"--version",-42} the version

        Every command reads the same configuration as the web app: appsettings.json, environment variables
        (Section__Key) and options --Section:Key VALUE, for example
          --ConnectionStrings:AdminConsole "Data Source=/data/adminconsole.db"
        --urls and --environment work as in any ASP.NET Core app. Only serve (or no command) starts the web server.

        Exit codes:
          0  done (healthcheck: ready; help and --version)
          1  no such account (unlock, status); not ready (healthcheck); refused (create-admin)
          2  usage: an unknown command, a missing or stray argument; nothing was started or changed
          3  seed-demo outside Development; nothing was written

        """;
}
