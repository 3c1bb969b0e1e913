using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// The attempts page's filters on known data. A fixture of its own: these tests fail many sign-ins, which would
/// crowd the dashboard's top-10 lists that other test classes read.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class AttemptFilterTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<T> With<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [Theory]
    [InlineData("203.0.114.0/24", "203.0.114.10")]
    [InlineData("203.0.114.10", "203.0.114.10")]
    [InlineData("203.0.114.8/29", "203.0.114.10")]
    [InlineData("203.0.112.0/22", "203.0.114.10,203.0.115.10")]
    [InlineData("203.0.115.0/25", "203.0.115.10")]
    [InlineData("2001:db8:14::/48", "2001:db8:14::9,2001:db8:14:ffff::1")]
    [InlineData("2001:db8:14:ffff::/64", "2001:db8:14:ffff::1")]
    [InlineData("0.0.0.0/0", "203.0.114.10,203.0.115.10")]
    [InlineData("203.0.116.0/24", "")]
    public async Task Attempts_filter_by_any_address_or_cidr_range(string filter, string expected)
    {
        var name = $"filter-{Guid.NewGuid():N}@example.com";
        foreach (var address in new[] { "203.0.114.10", "203.0.115.10", "2001:db8:14::9", "2001:db8:14:ffff::1", "2001:db8:15::1" })
        {
            await app.Client(address).LoginAsync(name, TestPasswords.Wrong);
        }

        var page = await With<AttemptQueries, Page<AttemptRow>>(q => q.ListAsync(new AttemptQuery(UserName: name, Address: filter), default));

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(), page.Items.Select(a => a.Address).Order());
        Assert.Equal(page.Items.Count, page.Total);
    }

    [Fact]
    public async Task Attempts_filter_by_outcome_and_refuse_what_is_not_an_address()
    {
        var name = $"filter-{Guid.NewGuid():N}@example.com";
        await app.Client("203.0.114.11").LoginAsync(name, TestPasswords.Wrong);

        var byOutcome = await With<AttemptQueries, Page<AttemptRow>>(q => q.ListAsync(new AttemptQuery(UserName: name, Outcome: LoginOutcome.Succeeded), default));

        Assert.Empty(byOutcome.Items);
        Assert.Null(AttemptQueries.Validate(new AttemptQuery(Address: "203.0.112.0/20")));
        Assert.NotNull(AttemptQueries.Validate(new AttemptQuery(Address: "not an address")));
        Assert.NotNull(AttemptQueries.Validate(new AttemptQuery(Address: "10.0.0.0/33")));
    }

    [Fact]
    public async Task Attempts_filter_by_the_application_they_came_through()
    {
        var name = $"client-{Guid.NewGuid():N}@example.com".ToUpperInvariant();
        var client = $"app-{Guid.NewGuid():N}"[..16];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
            db.LoginAttempts.AddRange(
                new LoginAttempt { At = DateTimeOffset.UtcNow, UserName = name, Address = "203.0.114.98", Outcome = LoginOutcome.Succeeded, ClientId = client },
                new LoginAttempt { At = DateTimeOffset.UtcNow, UserName = name, Address = "203.0.114.98", Outcome = LoginOutcome.WrongClientSecret, ClientId = client },
                new LoginAttempt { At = DateTimeOffset.UtcNow, UserName = name, Address = "203.0.114.98", Outcome = LoginOutcome.Succeeded });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var page = await With<AttemptQueries, Page<AttemptRow>>(q => q.ListAsync(new AttemptQuery(UserName: name, Client: client), default));

        Assert.Equal(2, page.Total);
        Assert.All(page.Items, a => Assert.Equal(client, a.ClientId));
        Assert.Equal(0, (await With<AttemptQueries, Page<AttemptRow>>(q => q.ListAsync(new AttemptQuery(UserName: name, Client: "no-such-app"), default))).Total);
    }

    [Fact]
    public async Task A_history_list_counts_up_to_the_cap_and_then_says_it_stopped()
    {
        var name = $"cap-{Guid.NewGuid():N}@example.com".ToUpperInvariant();
        await AddAttemptsAsync(name, Paging.CountCap);

        var exact = await With<AttemptQueries, Page<AttemptRow>>(q => q.ListAsync(new AttemptQuery(UserName: name, PageSize: 10), default));
        await AddAttemptsAsync(name, 1);
        var capped = await With<AttemptQueries, Page<AttemptRow>>(q => q.ListAsync(new AttemptQuery(UserName: name, Page: 3, PageSize: 10), default));

        Assert.Equal((Paging.CountCap, false), (exact.Total, exact.TotalIsCapped));
        Assert.Equal((Paging.CountCap, true), (capped.Total, capped.TotalIsCapped));
        Assert.Equal(10, capped.Items.Count); // paging past the count still reads rows
    }

    private async Task AddAttemptsAsync(string name, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var at = DateTimeOffset.UtcNow;
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(3)); // thousands of rows in one command
        db.LoginAttempts.AddRange(Enumerable.Range(0, count).Select(i => new LoginAttempt
        {
            At = at.AddMilliseconds(-i),
            UserName = name,
            Address = "203.0.114.99",
            // Not a failure: the counts trigger ignores it, so the commit does not run ten thousand deferred counter
            // updates (PostgreSQL's commit waits on those under the connection's own timeout, not the command's).
            Outcome = LoginOutcome.Succeeded,
        }));
        await db.SaveChangesAsync();
    }
}
