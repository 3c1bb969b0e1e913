using AdminConsole.Core.Accounts;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Demo;

namespace AdminConsole.Tests.Integration;

/// <summary>seed-demo: the generator fills every part of the console with believable data.</summary>
public sealed class DemoDataTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_demo_data_has_history_attacks_locks_in_every_tier_and_blocks()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var written = await scope.ServiceProvider.GetRequiredService<DemoDataGenerator>().GenerateAsync(2_000, 12, null, TestContext.Current.CancellationToken);
            Assert.Equal(2_000 + 12 + 60, written);
        }

        await using var read = app.Services.CreateAsyncScope();
        var dashboard = await read.ServiceProvider.GetRequiredService<DashboardQueries>().GetAsync(DashboardRange.Week, TestContext.Current.CancellationToken);
        var accounts = read.ServiceProvider.GetRequiredService<AccountQueries>();

        Assert.Equal(3, dashboard.LockedNowByTier.Count);
        Assert.True(dashboard.FailedLastWeek > 100);
        Assert.True(dashboard.AddressesBlockedNow >= 2);
        Assert.Equal("198.18.7.23", dashboard.TopFailingAddresses[0].Name);
        Assert.Single((await accounts.ListAsync(new AccountQuery(State: AccountState.LockedUntilUnlocked), TestContext.Current.CancellationToken)).Items);
        Assert.True(dashboard.Series.Sum(p => p.Succeeded) > dashboard.Series.Sum(p => p.Failed));
    }
}
