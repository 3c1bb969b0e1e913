namespace AdminConsole.Bench;

/// <summary>
/// P8: how long the Release build takes from launch to serving the sign-in page on an already migrated database,
/// and how much memory it holds when idle afterwards, each against a bare <c>dotnet new blazor</c> app
/// (<see cref="BareBlazorApp"/>) built and started the same way, the two taken in turns.
/// </summary>
public static class StartupFigures
{
    public static async Task RunAsync(string root, Table table)
    {
        var folder = Directory.CreateTempSubdirectory("adminconsole-bench-start-").FullName;
        using var bare = await BareBlazorApp.CreateAsync();
        try
        {
            await using (await AppProcess.StartAsync(root, folder: folder))
            {
                // the first start creates, migrates and seeds the database; the measured starts find it ready
            }

            var starts = new List<double>();
            var idle = new List<double>();
            var bareStarts = new List<double>();
            var bareIdle = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                await using var app = await AppProcess.StartAsync(root, folder: folder);
                using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
                using (var page = await http.GetAsync("/Account/Login"))
                {
                    page.EnsureSuccessStatusCode();
                    starts.Add(app.SinceLaunch.TotalMilliseconds);
                }

                await Task.Delay(TimeSpan.FromSeconds(5)); // let start-up work settle before reading idle memory
                idle.Add(app.WorkingSetMegabytes());
                var (bareStart, bareMemory) = await bare.MeasureOnceAsync();
                bareStarts.Add(bareStart);
                bareIdle.Add(bareMemory);
            }

            var (start, bareStartMedian) = (Median(starts), Median(bareStarts));
            table.Add("P8", "start-up: launch to first sign-in page (Release, migrated database), median of 3", $"{start:F0} ms",
                $"{start / bareStartMedian:F2}x the bare Blazor app's {bareStartMedian:F0} ms (runs {Runs(starts)} against {Runs(bareStarts)} ms)",
                "at most 2x the bare app, under 1,500 ms", start <= 2 * bareStartMedian && start < 1500);
            var (memory, bareMemoryMedian) = (Median(idle), Median(bareIdle));
            table.Add("P8", "idle memory after start-up and one page, median of 3", $"{memory:F0} MB",
                $"{memory / bareMemoryMedian:F2}x the bare Blazor app's {bareMemoryMedian:F0} MB (working set)", "at most 2x the bare app", memory <= 2 * bareMemoryMedian);
        }
        finally
        {
            await BenchDatabase.DropAsync(BenchDatabase.NameFor(folder), folder);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Runs(List<double> values) => string.Join(", ", values.Select(v => $"{v:F0}"));
}
