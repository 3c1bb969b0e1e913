using System.Data.Common;
using AdminConsole.Core.Data;
using AdminConsole.Core.Lockout;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// The lock is counted in one UPDATE whose CASE expressions grow with the ladder. SQL Server refuses CASE
/// expressions nested deeper than 10 levels, and none runs here: the statement EF Core builds for SQL Server is
/// captured without a server (the connection and the command are intercepted), parsed as T-SQL, and its deepest
/// CASE nesting measured, for the longest ladders the policy allows.
/// </summary>
public sealed class LockoutStatementSqlServerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, LockoutPolicyOptions> Ladders => new()
    {
        { "fixed default", new LockoutPolicyOptions() },
        { "doubling default", new LockoutPolicyOptions { Mode = LockoutMode.Doubling } },
        { "doubling, a lock per failure up to 100", new LockoutPolicyOptions { Mode = LockoutMode.Doubling, FailuresPerLock = 1, MaxConsecutiveFailures = 100 } },
    };

    [Theory]
    [MemberData(nameof(Ladders))]
    public async Task The_counting_update_stays_within_sql_servers_case_nesting_limit(string ladder, LockoutPolicyOptions options)
    {
        var capture = new CaptureCommands();
        await using var db = new SqlServerSecurityDbContext(new DbContextOptionsBuilder<SqlServerSecurityDbContext>()
            .UseSqlServer("Server=unreachable.invalid;Database=AdminConsole;TrustServerCertificate=True")
            .AddInterceptors(capture)
            .Options);

        await new LockoutStore(db).CountFailureAsync(options, "VICTIM@EXAMPLE.COM", "203.0.113.7", Now, TestContext.Current.CancellationToken);

        var update = Assert.Single(capture.Commands, c => c.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase));
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(update), out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Message)));
        var depth = new CaseDepth();
        fragment.Accept(depth);
        Assert.True(depth.Deepest is > 0 and <= 10, $"{ladder} ({options.LockTiers().Count} tiers): CASE nested {depth.Deepest} deep");
    }

    private sealed class CaseDepth : TSqlFragmentVisitor
    {
        private int current;

        public int Deepest { get; private set; }

        public override void ExplicitVisit(SearchedCaseExpression node)
        {
            Deepest = Math.Max(Deepest, ++current);
            base.ExplicitVisit(node);
            current--;
        }

        public override void ExplicitVisit(SimpleCaseExpression node)
        {
            Deepest = Math.Max(Deepest, ++current);
            base.ExplicitVisit(node);
            current--;
        }
    }

    /// <summary>Opens no connection and runs no command: records each command's text and answers "one row".</summary>
    private sealed class CaptureCommands : DbCommandInterceptor, IDbConnectionInterceptor
    {
        public List<string> Commands { get; } = [];

        public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(1));
        }
    }
}
