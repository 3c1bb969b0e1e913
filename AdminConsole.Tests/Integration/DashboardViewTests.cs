using AdminConsole.Core.Dashboard;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace AdminConsole.Tests.Integration;

/// <summary>What one view of the dashboard costs the database (issue 29, item 5).</summary>
public sealed class DashboardViewTests(DashboardViewTests.Factory app) : IClassFixture<DashboardViewTests.Factory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Opening_the_dashboard_reads_its_figures_once_not_again_for_the_live_island()
    {
        var client = app.Client();
        var email = await app.CreateUserAsync(role: AppRoles.SecurityAdmin);
        await client.LoginAsync(email, TestPasswords.Good);
        var oneQuery = await app.Statements.DuringAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DashboardQueries>().GetAsync(DashboardRange.Day, Cancel);
        });

        string page = "";
        var view = await app.Statements.DuringAsync(async () => page = await client.GetStringAsync("/admin", Cancel));

        Assert.Contains("data-testid=\"locked-now-value\"", page);
        Assert.Equal(oneQuery, view);
    }

    public sealed class Factory : AppFactory
    {
        public DashboardStatements Statements { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.ConfigureDbContext<Core.Data.SqliteSecurityDbContext>(o => o.AddInterceptors(Statements));
                services.ConfigureDbContext<Core.Data.PostgreSqlSecurityDbContext>(o => o.AddInterceptors(Statements));
            });
        }
    }
}
