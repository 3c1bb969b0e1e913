using System.Diagnostics;

namespace AdminConsole.Tests.Integration;

/// <summary><c>seed-demo</c> writes accounts with a published password, so it runs in Development only.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Seed_demo_outside_development_exits_non_zero_and_says_why()
    {
        var database = Path.Combine(Path.GetTempPath(), $"adminconsole-seed-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "AdminConsole.dll"), "seed-demo", "--attempts", "10"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__AdminConsole"] = $"Data Source={database}";
        using var process = Process.Start(start)!;

        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(AdminConsole.DemoCommand.RefusedOutsideDevelopment, process.ExitCode);
        Assert.Contains("seed-demo refused: the environment is 'Production'", stderr);
        Assert.Contains("runs only in Development", stderr);
        Assert.False(File.Exists(database), "seed-demo opened the database before refusing.");
    }
}
