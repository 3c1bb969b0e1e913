namespace AdminConsole.Core.Data;

internal static class SecurityDbContextExtensions
{
    /// <summary>
    /// Inserts a counter row unless it exists, outside any transaction: when two requests create the same row at
    /// once, the loser's duplicate-key error is expected and the winner's row is the one both go on to count on.
    /// </summary>
    public static async Task InsertIfMissingAsync<T>(this SecurityDbContext db, T row, CancellationToken cancellationToken)
        where T : class
    {
        db.Set<T>().Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Created by a concurrent request.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
