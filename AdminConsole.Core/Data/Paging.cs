namespace AdminConsole.Core.Data;

/// <summary>Row offsets for paged queries, safe for any page number a caller sends.</summary>
public static class Paging
{
    /// <summary>
    /// Rows to skip for <paramref name="page"/> (0-based) of <paramref name="size"/>: a negative page is the first,
    /// and a huge one stops at <see cref="int.MaxValue"/> instead of overflowing into a negative OFFSET.
    /// </summary>
    public static int Offset(int page, int size) => (int)Math.Min((long)Math.Max(0, page) * Math.Max(1, size), int.MaxValue);
}
