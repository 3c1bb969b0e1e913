using AdminConsole.Core.Attempts;
using AdminConsole.Core.Data;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// The attempts page reads each page from an index in its order and stops after it: SQLite's plan for every
/// common filter has no sort of all matches ("USE TEMP B-TREE FOR ORDER BY") and no scan of the whole table. At ten
/// million attempts a sort or a scan is what turns 2 ms into seconds; the timings themselves live in ./bench.sh.
/// </summary>
public sealed class AttemptQueryPlanTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static TheoryData<string> Filters => ["none", "outcome", "outcome, last 24 h", "last 24 h", "one address", "one account", "one application"];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task A_page_of_attempts_is_read_in_index_order(string filter)
    {
        var since = DateTimeOffset.UtcNow.AddDays(-1);
        var query = filter switch
        {
            "outcome" => new AttemptQuery(Outcome: LoginOutcome.Throttled),
            "outcome, last 24 h" => new AttemptQuery(From: since, Outcome: LoginOutcome.WrongPassword),
            "last 24 h" => new AttemptQuery(From: since),
            "one address" => new AttemptQuery(Address: "198.51.100.7"),
            "one account" => new AttemptQuery(UserId: "an-account-id"),
            "one application" => new AttemptQuery(Client: "an-application"),
            _ => new AttemptQuery(),
        };

        var plan = await PlanAsync(query);

        // "FOR LAST TERM" (ties of the same instant put in id order as they stream) is fine; a sort of every match is not.
        Assert.DoesNotContain("TEMP B-TREE FOR ORDER BY", plan);
        Assert.DoesNotContain("SCAN LoginAttempts\n", plan + "\n"); // a scan without an index
        Assert.Contains("INDEX", plan);
    }

    private async Task<string> PlanAsync(AttemptQuery query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var queries = scope.ServiceProvider.GetRequiredService<AttemptQueries>();
        await using var command = queries.PageOf(query).CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var lines = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join("\n", lines);
    }
}
