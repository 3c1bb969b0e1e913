using System.Net;
using AdminConsole.Core;
using AdminConsole.Core.Data;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Bench;

/// <summary>
/// In-process figures: the lockout decision, and an address looked up against 10,000 rules (a hash probe per
/// distinct prefix length, so the cost does not grow with the number of rules).
/// </summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"adminconsole-micro-{Guid.NewGuid():N}.db");
    private IHost host = null!;
    private AddressRuleCache cache = null!;
    private LockoutPolicy policy = null!;
    private readonly DateTimeOffset now = DateTimeOffset.UtcNow;
    private readonly IPAddress denied = IPAddress.Parse("10.3.8.99");
    private readonly IPAddress inDeniedRange = IPAddress.Parse("172.17.0.200");
    private readonly IPAddress clean = IPAddress.Parse("192.0.2.55");
    private readonly IPAddress cleanV6 = IPAddress.Parse("2001:db8:ffff::1");
    private readonly LockoutState fourFailures = new(4, 0, null, null, DateTimeOffset.UtcNow.AddMinutes(-1));

    [GlobalSetup]
    public void Setup()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration["ConnectionStrings:AdminConsole"] = $"Data Source={path}";
        builder.Configuration["App:PublicBaseUrl"] = "http://localhost:5080";
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Error); // a failed rule load says why
        builder.Services.AddDataProtection();
        builder.AddAdminConsoleCore();
        host = builder.Build();
        DatabaseInitializer.InitializeAsync(host.Services, CancellationToken.None).GetAwaiter().GetResult();
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
            for (var i = 0; i < 10_000; i++)
            {
                var network = (i % 4) switch
                {
                    0 => $"10.{i / 256 % 256}.{i % 256}.99/32",
                    1 => $"172.{16 + i % 16}.{i / 16 % 256}.0/24",
                    2 => $"2001:db8:{i:x}::/64",
                    _ => $"100.{64 + i % 64}.{i % 256}.{i / 256 % 256}/32",
                };
                db.IpRules.Add(new IpRule { Network = network, Kind = IpRuleKind.Deny, Reason = "bench", Source = IpRuleSource.Manual, CreatedBy = "bench", CreatedAt = now });
            }

            db.SaveChanges();
        }

        cache = host.Services.GetRequiredService<AddressRuleCache>();
        cache.RefreshAsync(CancellationToken.None).GetAwaiter().GetResult();
        policy = host.Services.GetRequiredService<LockoutPolicy>();
        if (cache.FindBlock(denied) is null || cache.FindBlock(inDeniedRange) is null || cache.FindBlock(clean) is not null)
        {
            throw new InvalidOperationException("The rule table did not load as expected.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        host.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    [Benchmark(Description = "address lookup, 10,000 rules: denied /32")]
    public AddressBlock? DeniedAddress() => cache.FindBlock(denied);

    [Benchmark(Description = "address lookup, 10,000 rules: inside a denied /24")]
    public AddressBlock? DeniedRange() => cache.FindBlock(inDeniedRange);

    [Benchmark(Description = "address lookup, 10,000 rules: no rule (IPv4)")]
    public AddressBlock? CleanAddress() => cache.FindBlock(clean);

    [Benchmark(Description = "address lookup, 10,000 rules: no rule (IPv6)")]
    public AddressBlock? CleanIPv6() => cache.FindBlock(cleanV6);

    [Benchmark(Description = "lockout decision: the failure that locks")]
    public LockoutDecision LockingFailure() => policy.Decide(fourFailures, passwordCorrect: false, now);
}
