using AdminConsole.Core.Attempts;
using AdminConsole.Core.IpProtection;

namespace AdminConsole.Tests.Integration;

/// <summary>Refused requests are summarised per client key and minute, in bounded memory.</summary>
public sealed class RejectionSummaryTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Task<List<LoginAttempt>> RowsAtAsync(DateTimeOffset minute) =>
        app.WithDbAsync(db => db.LoginAttempts.Where(a => a.At == minute && a.UserName == "").ToListAsync(Cancel));

    private DateTimeOffset NextMinute()
    {
        var now = app.Time.GetUtcNow();
        app.Time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerMinute));
        return app.Time.GetUtcNow();
    }

    [Fact]
    public async Task Hosts_of_one_ipv6_64_are_counted_as_that_network()
    {
        var summary = app.Services.GetRequiredService<RejectionSummary>();
        var minute = NextMinute();
        summary.Count("2001:db8:7:8::1");
        summary.Count("2001:db8:7:8::2");
        summary.Count("2001:db8:7:8:aaaa::3");

        await summary.FlushAsync(includeCurrentMinute: true, Cancel);

        var row = Assert.Single(await RowsAtAsync(minute));
        Assert.Equal(("2001:db8:7:8::/64", 3, LoginOutcome.AddressBlocked), (row.Address, row.Count, row.Outcome));
    }

    [Fact]
    public async Task Keys_past_the_cap_in_one_minute_share_one_row()
    {
        var summary = app.Services.GetRequiredService<RejectionSummary>();
        var minute = NextMinute();
        for (var i = 0; i < RejectionSummary.MaxKeysPerMinute + 5; i++)
        {
            summary.Count($"10.200.{i / 250}.{i % 250 + 1}");
        }

        summary.Count("10.200.0.1"); // a key already held keeps its own row

        await summary.FlushAsync(includeCurrentMinute: true, Cancel);

        var rows = await RowsAtAsync(minute);
        Assert.Equal(RejectionSummary.MaxKeysPerMinute + 1, rows.Count);
        Assert.Equal(5, rows.Single(r => r.Address == RejectionSummary.OtherAddresses).Count);
        Assert.Equal(2, rows.Single(r => r.Address == "10.200.0.1").Count);
    }
}
