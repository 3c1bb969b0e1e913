using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdminConsole.Core.Data;

/// <summary>
/// Work that others may only hear about once the caller's transaction has committed: telling open consoles and
/// other instances that sessions ended is pointless while the rows still read as open to everyone but the writer.
/// <see cref="RunAsync"/> runs at once when the context has no transaction, after the commit when it has one;
/// <see cref="AfterSave"/> waits for the context's next save, then for its commit. Neither runs on a rollback or a
/// failed save.
/// </summary>
public sealed class AfterCommit : DbTransactionInterceptor, ISaveChangesInterceptor
{
    // Keyed by the transaction: one disposed without a commit takes its work with it.
    private readonly ConditionalWeakTable<DbTransaction, List<Func<Task>>> pending = new();

    // Work for rows added but not saved yet, keyed by the context.
    private readonly ConditionalWeakTable<DbContext, List<Func<Task>>> unsaved = new();

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

    /// <summary>
    /// Work about rows the caller has added to <paramref name="db"/> and not saved yet (a notification's id exists only
    /// after the save): it runs after the next save when the save has no transaction, after the commit when it has one.
    /// </summary>
    public void AfterSave(DbContext db, Func<Task> work)
    {
        lock (unsaved)
        {
            unsaved.GetOrCreateValue(db).Add(work);
        }
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        foreach (var work in Saved(eventData.Context))
        {
            await work();
        }

        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        foreach (var work in Saved(eventData.Context))
        {
            work().GetAwaiter().GetResult();
        }

        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Unsaved(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Unsaved(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>After a save: the work to run now, none when a transaction is open (it waits for the commit then).</summary>
    private List<Func<Task>> Saved(DbContext? db)
    {
        var works = Unsaved(db);
        if (works.Count == 0 || db!.Database.CurrentTransaction is not { } transaction)
        {
            return works;
        }

        lock (pending)
        {
            pending.GetOrCreateValue(transaction.GetDbTransaction()).AddRange(works);
        }

        return [];
    }

    private List<Func<Task>> Unsaved(DbContext? db)
    {
        lock (unsaved)
        {
            if (db is null || !unsaved.TryGetValue(db, out var works))
            {
                return [];
            }

            unsaved.Remove(db);
            return works;
        }
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
