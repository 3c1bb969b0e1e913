using System.Diagnostics;
using System.Globalization;
using AdminConsole.Core.Data;
using AdminConsole.Core.Demo;

namespace AdminConsole;

/// <summary>
/// <c>dotnet run --project AdminConsole -- seed-demo [--attempts N] [--accounts N]</c>: fills the configured database
/// with demo history and exits. Development only: the demo accounts share a published password.
/// </summary>
public static class DemoCommand
{
    /// <summary>The exit code when run outside Development.</summary>
    public const int RefusedOutsideDevelopment = 3;

    public static string RefusalMessage(string environment) =>
        $"seed-demo refused: the environment is '{environment}', and seed-demo runs only in Development "
        + "(ASPNETCORE_ENVIRONMENT=Development), because its demo accounts share a published password. Nothing was written.";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        // Checked before the database is even opened: a production database is never migrated or filled here.
        if (!app.Environment.IsDevelopment())
        {
            await Console.Error.WriteLineAsync(RefusalMessage(app.Environment.EnvironmentName));
            return RefusedOutsideDevelopment;
        }

        var services = app.Services;
        await DatabaseInitializer.InitializeAsync(services, app.Lifetime.ApplicationStopping);
        var attempts = Option(args, "--attempts", 20_000);
        var accounts = Option(args, "--accounts", 40);
        if (attempts < 0 || accounts < 4)
        {
            Console.Error.WriteLine($"seed-demo: --attempts must be 0 or more and --accounts at least 4.{Environment.NewLine}{AppCommand.UsageOf("seed-demo")}");
            return AppCommand.Usage;
        }

        Console.WriteLine($"Writing {attempts:N0} attempts for {accounts} demo accounts (password: {DemoDataGenerator.Password})...");
        var clock = Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var generator = scope.ServiceProvider.GetRequiredService<DemoDataGenerator>();
        var lastShown = 0L;
        var progress = new Progress<long>(n =>
        {
            if (n - lastShown >= 100_000 || n == attempts)
            {
                lastShown = n;
                Console.WriteLine($"  {n:N0} attempts written ({clock.Elapsed.TotalSeconds:0} s)");
            }
        });
        var written = await generator.GenerateAsync(attempts, accounts, progress, CancellationToken.None);
        Console.WriteLine($"Done: {written:N0} attempts in {clock.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    private static int Option(string[] args, string name, int fallback) =>
        int.TryParse(AppCommand.Option(args, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
