using System.Data.Common;
using AdminConsole.Core.Dashboard;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>Counts the statements the dashboard's queries run (they carry <see cref="DashboardQueries.Tag"/>).</summary>
public sealed class DashboardStatements : DbCommandInterceptor
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Counted(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Counted(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    /// <summary>How many statements <paramref name="work"/> ran.</summary>
    public async Task<int> DuringAsync(Func<Task> work)
    {
        var before = Count;
        await work();
        return Count - before;
    }

    private void Counted(DbCommand command)
    {
        if (command.CommandText.Contains(DashboardQueries.Tag, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref count);
        }
    }
}
