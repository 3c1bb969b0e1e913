using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdminConsole.Core.Data;

/// <summary>
/// Work that others may only hear about once the caller's transaction has committed: telling open consoles and
/// other instances that sessions ended is pointless while the rows still read as open to everyone but the writer.
/// Runs at once when the context has no transaction, after the commit when it has one, and never on a rollback.
/// </summary>
public sealed class AfterCommit : DbTransactionInterceptor
{
    // Keyed by the transaction: one disposed without a commit takes its work with it.
    private readonly ConditionalWeakTable<DbTransaction, List<Func<Task>>> pending = new();

    public Task RunAsync(DbContext db, Func<Task> work)
    {
        if (db.Database.CurrentTransaction is not { } transaction)
        {
            return work();
        }

        lock (pending)
        {
            pending.GetOrCreateValue(transaction.GetDbTransaction()).Add(work);
        }

        return Task.CompletedTask;
    }

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        foreach (var work in Take(transaction))
        {
            await work();
        }
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        foreach (var work in Take(transaction))
        {
            work().GetAwaiter().GetResult();
        }
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Take(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Take(transaction);

    private List<Func<Task>> Take(DbTransaction transaction)
    {
        lock (pending)
        {
            if (!pending.TryGetValue(transaction, out var works))
            {
                return [];
            }

            pending.Remove(transaction);
            return works;
        }
    }
}
