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

    /// <summary>
    /// A new security stamp: every cookie and console circuit of the user fails its next validation (a minute at
    /// most), so locking or revoking ends open sessions.
    /// </summary>
    public static Task RenewSecurityStampAsync(this SecurityDbContext db, string userId, CancellationToken cancellationToken)
    {
        var stamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        var concurrency = Guid.NewGuid().ToString();
        return db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(
            s => s.SetProperty(u => u.SecurityStamp, stamp).SetProperty(u => u.ConcurrencyStamp, concurrency),
            cancellationToken);
    }
}
