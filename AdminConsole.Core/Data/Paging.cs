namespace AdminConsole.Core.Data;

/// <summary>Row offsets and totals for paged queries, safe for any page number a caller sends.</summary>
public static class Paging
{
    /// <summary>
    /// The most rows a history list counts for its pager. Counting every match of a ten-million-row history costs
    /// a full index scan per page; past this many the pager says "10,000+" and a narrower filter gives the exact figure.
    /// </summary>
    public const int CountCap = 10_000;

    /// <summary>
    /// Rows to skip for <paramref name="page"/> (0-based) of <paramref name="size"/>: a negative page is the first,
    /// and a huge one stops at <see cref="int.MaxValue"/> instead of overflowing into a negative OFFSET.
    /// </summary>
    public static int Offset(int page, int size) => (int)Math.Min((long)Math.Max(0, page) * Math.Max(1, size), int.MaxValue);

    /// <summary>
    /// The total for a page of <paramref name="size"/> that showed <paramref name="shown"/> rows: a short page is the
    /// last one and tells the total itself; otherwise <paramref name="rows"/> are counted up to <see cref="CountCap"/>.
    /// </summary>
    public static async Task<(int Total, bool Capped)> TotalAsync<T>(this IQueryable<T> rows, int shown, int page, int size, CancellationToken cancellationToken)
    {
        var offset = Offset(page, size);
        return shown < size && (shown > 0 || offset == 0)
            ? (offset + shown, false)
            : await rows.CountAtMostAsync(CountCap, cancellationToken);
    }

    /// <summary>
    /// How many rows <paramref name="rows"/> holds, counting at most one past <paramref name="cap"/>: the total and
    /// whether it stopped at the cap.
    /// </summary>
    public static async Task<(int Total, bool Capped)> CountAtMostAsync<T>(this IQueryable<T> rows, int cap, CancellationToken cancellationToken)
    {
        var counted = await rows.Take(cap + 1).CountAsync(cancellationToken);
        return counted > cap ? (cap, true) : (counted, false);
    }
}
