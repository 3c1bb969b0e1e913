using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Notifications;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Time.Testing;

namespace AdminConsole.Tests.Components;

/// <summary>The dashboard's live island: what an open console costs the database while it stays open.</summary>
public sealed class DashboardFiguresTests : BunitTest
{
    private static readonly LiveFigures FromThePage =
        new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), new Dictionary<int, int> { [1] = 2 }, 7, 9, 1, 0.5, 0);

    private readonly FakeTimeProvider time = new(FromThePage.At);
    private readonly DashboardStatements statements = new();

    public DashboardFiguresTests()
    {
        Services.AddSingleton<TimeProvider>(time);
        Services.ConfigureDbContext<AdminConsole.Core.Data.SqliteSecurityDbContext>(o => o.AddInterceptors(statements));
        console = AddAuthorization();
        console.SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin).SetPolicies(WebApplicationExtensions.ConsolePolicy);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private readonly BunitAuthorizationContext console;

    private IRenderedComponent<DashboardFigures> RenderLive() =>
        Render<DashboardFigures>(p => p.Add(f => f.Figures, FromThePage));

    [Fact]
    public void The_live_island_shows_the_figures_the_page_read_without_reading_them_again()
    {
        var figures = RenderLive();

        Assert.Equal("2", figures.Find("[data-testid=locked-now-value]").TextContent);
        Assert.Equal("7", figures.Find("[data-testid=failed-day-value]").TextContent);
        Assert.Equal(0, statements.Count);
    }

    [Fact]
    public void A_user_who_lost_the_console_role_is_sent_to_sign_in_instead_of_seeing_the_figures()
    {
        console.SetAuthorized("former@example.com").SetRoles().SetPolicies();

        var figures = RenderLive();

        Assert.Empty(figures.FindAll("[data-testid=locked-now-value]"));
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        Assert.Contains(navigation.History, entry => entry.Uri.Contains("Account/Login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_15_seconds_an_open_dashboard_reads_only_its_figures_and_renders_no_page()
    {
        var figuresOnly = await StatementsOfAsync(q => q.GetFiguresAsync(CancellationToken.None));
        var wholePage = await StatementsOfAsync(q => q.GetAsync(DashboardRange.Day, CancellationToken.None));
        var figures = RenderLive();
        var before = statements.Count;

        time.Advance(TimeSpan.FromSeconds(15));

        figures.WaitForAssertion(() => Assert.Equal("0", figures.Find("[data-testid=locked-now-value]").TextContent));
        Assert.Equal(figuresOnly, statements.Count - before);
        Assert.True(figuresOnly < wholePage, $"the figures take {figuresOnly} statements, the page {wholePage}");
        Assert.Empty(Services.GetRequiredService<BunitNavigationManager>().History);
    }

    [Fact]
    public async Task A_notification_refreshes_the_page_around_the_island_which_brings_the_figures_without_a_query_of_its_own()
    {
        var id = WithDatabase(db =>
        {
            var notification = new AdminNotification { Type = NotificationType.AccountLocked, Title = "locked", Message = "locked", Subject = "someone" };
            db.AdminNotifications.Add(notification);
            db.SaveChanges();
            return notification.Id;
        });
        var figures = RenderLive();
        var navigation = Services.GetRequiredService<BunitNavigationManager>();

        var hub = Services.GetRequiredService<NotificationHub>();
        var heard = new TaskCompletionSource();
        hub.Published += _ => heard.TrySetResult(); // after the island's handler: handlers run in order

        hub.Publish(new NotificationSignal(id, NotificationType.AccountLocked, default, "locked", 1, IsNew: false));
        await heard.Task.WaitAsync(TimeSpan.FromSeconds(10), Xunit.TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(200));

        figures.WaitForAssertion(() => Assert.Single(navigation.History));
        Assert.Equal(0, statements.Count);
    }

    private async Task<int> StatementsOfAsync(Func<DashboardQueries, Task> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await statements.DuringAsync(() => query(scope.ServiceProvider.GetRequiredService<DashboardQueries>()));
    }
}
