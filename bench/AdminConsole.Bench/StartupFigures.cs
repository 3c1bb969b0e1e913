namespace AdminConsole.Bench;

/// <summary>
/// P8: how long the Release build takes from launch to serving the sign-in page on an already migrated database,
/// and how much memory it holds when idle afterwards.
/// </summary>
public static class StartupFigures
{
    public static async Task RunAsync(string root, Table table)
    {
        var folder = Directory.CreateTempSubdirectory("adminconsole-bench-start-").FullName;
        try
        {
            await using (await AppProcess.StartAsync(root, folder: folder))
            {
                // the first start creates, migrates and seeds the database; the measured starts find it ready
            }

            var starts = new List<double>();
            var idle = new List<double>();
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
            }

            starts.Sort();
            idle.Sort();
            table.Add("P8", "start-up: launch to first sign-in page (Release, migrated database), median of 3", $"{starts[1]:F0} ms",
                $"runs {string.Join(", ", starts.Select(s => $"{s:F0}"))} ms", "reported", null);
            table.Add("P8", "idle memory after start-up and one page, median of 3", $"{idle[1]:F0} MB", "working set of the process", "reported", null);
        }
        finally
        {
            await BenchDatabase.DropAsync(BenchDatabase.NameFor(folder), folder);
            Directory.Delete(folder, recursive: true);
        }
    }
}
