using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// <c>deploy/run-local.sh</c>: docs/deployment.md's shape on one machine, without containers: PostgreSQL, Redis,
/// three instances and nginx on loopback ports. Through nginx a user signs in, a lock reached over several instances
/// holds on every instance, and an admin unlocks it with a reason; then the script stops everything it started.
/// </summary>
public sealed partial class DeploymentShapeTests
{
    // appsettings.Development.json: the instances run in Development with its seeded accounts.
    private const string AdminEmail = "admin@adminconsole.local";
    private const string AdminPassword = "console-admin-dev-2026";
    private const string AdminKey = "JBSWY3DPEHPK3PXPADMINCONSOLE2345";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sign_in_a_lock_seen_by_every_instance_and_an_admin_unlock_through_nginx()
    {
        await using var shape = await LocalDeployment.StartAsync();
        Assert.Equal(3, shape.Instances.Count);

        using (var alice = LocalDeployment.Client(shape.Address))
        {
            using var signIn = await alice.PostAsJsonAsync("api/account/login", new { email = "alice@example.com", password = "alice-dev-password-2026" }, Cancel);
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        // Five wrong passwords, each a new browser: nginx spreads them over the instances (no affinity cookie yet).
        for (var i = 0; i < 5; i++)
        {
            using var stranger = LocalDeployment.Client(shape.Address);
            using var wrong = await stranger.PostAsJsonAsync("api/account/login", new { email = "bob@example.com", password = $"not bob's password {i}" }, Cancel);
            Assert.Equal(i < 4 ? HttpStatusCode.Unauthorized : HttpStatusCode.Locked, wrong.StatusCode);
        }

        var served = await shape.InstancesServingAsync();
        Assert.True(served > 1, $"nginx sent every request to one instance ({served})");
        foreach (var instance in shape.Instances)
        {
            using var direct = LocalDeployment.Client(instance);
            using var locked = await direct.PostAsJsonAsync("api/account/login", new { email = "bob@example.com", password = "bob-dev-password-2026" }, Cancel);
            Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        }

        using var admin = LocalDeployment.Client(shape.Address);
        using (var adminSignIn = await admin.PostAsJsonAsync("api/account/login",
                   new { email = AdminEmail, password = AdminPassword, twoFactorCode = Totp.Code(AdminKey, DateTimeOffset.UtcNow) }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, adminSignIn.StatusCode);
        }

        using (var unlock = await admin.PostAsJsonAsync("api/admin/accounts/bob%40example.com/unlock", new { reason = "verified by phone" }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, unlock.StatusCode);
        }

        foreach (var instance in shape.Instances)
        {
            using var direct = LocalDeployment.Client(instance);
            using var back = await direct.PostAsJsonAsync("api/account/login", new { email = "bob@example.com", password = "bob-dev-password-2026" }, Cancel);
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }

        var script = await shape.StopAsync();
        Assert.Contains("stopping...", script);
        Assert.False(Directory.Exists(shape.WorkFolder), "the script left its folder behind");
    }

    /// <summary>The script, started with a free nginx port and the app as built by the test command.</summary>
    private sealed partial class LocalDeployment : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();
        private bool stopped;

        private LocalDeployment(Process process) => this.process = process;

        public Uri Address { get; private set; } = default!;

        public List<Uri> Instances { get; } = [];

        public string WorkFolder { get; private set; } = "";

        public static async Task<LocalDeployment> StartAsync()
        {
            var root = RepositoryRoot();
            var start = new ProcessStartInfo("bash", [Path.Combine(root, "deploy", "run-local.sh")])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["PORT"] = Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["NO_BUILD"] = "1";
            var deployment = new LocalDeployment(Process.Start(start)!);
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Read(string? line)
            {
                if (line is null)
                {
                    return;
                }

                lock (deployment.output)
                {
                    deployment.output.AppendLine(line);
                }

                if (InstanceLine().Match(line) is { Success: true } instance)
                {
                    lock (deployment.Instances)
                    {
                        deployment.Instances.Add(new Uri($"http://127.0.0.1:{instance.Groups[1].Value}/"));
                    }

                    deployment.WorkFolder = Path.GetDirectoryName(instance.Groups[2].Value)!;
                }
                else if (ReadyLine().Match(line) is { Success: true } address)
                {
                    deployment.Address = new Uri(address.Groups[1].Value);
                    ready.TrySetResult();
                }
            }

            deployment.process.OutputDataReceived += (_, e) => Read(e.Data);
            deployment.process.ErrorDataReceived += (_, e) => Read(e.Data);
            deployment.process.BeginOutputReadLine();
            deployment.process.BeginErrorReadLine();

            var exited = deployment.process.WaitForExitAsync(TestContext.Current.CancellationToken);
            if (await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken)) != ready.Task)
            {
                var text = deployment.Output;
                await deployment.DisposeAsync();
                Assert.Fail("deploy/run-local.sh did not get ready:\n" + text);
            }

            return deployment;
        }

        public string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        /// <summary>A client without a cookie jar shared with anyone: its own browser.</summary>
        /// <summary>A client that solves the challenge the product asks for after failures, as an API client would.</summary>
        public static HttpClient Client(Uri address) => new(new PuzzleSolvingHandler(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }))
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };

        /// <summary>How many instances answered a request routed by nginx, from nginx's access log.</summary>
        public async Task<int> InstancesServingAsync()
        {
            var log = await File.ReadAllTextAsync(Path.Combine(WorkFolder, "nginx-upstreams.log"), Cancel);
            return log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Distinct().Count();
        }

        /// <summary>Stops the script as Ctrl-C does and returns everything it printed.</summary>
        public async Task<string> StopAsync()
        {
            if (!stopped && !process.HasExited)
            {
                stopped = true;
                using var signal = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await signal.WaitForExitAsync(Cancel);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await process.WaitForExitAsync(timeout.Token);
            }

            return Output;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await StopAsync();
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }

        private static string RepositoryRoot() => Repository.Root;

        [GeneratedRegex(@"^instance \d on 127\.0\.0\.1:(\d+) \(log: (.+)\)$")]
        private static partial Regex InstanceLine();

        [GeneratedRegex(@"^AdminConsole is ready at (\S+) ")]
        private static partial Regex ReadyLine();
    }
}
