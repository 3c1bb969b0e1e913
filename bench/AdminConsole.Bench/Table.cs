namespace AdminConsole.Bench;

/// <summary>The one table the bench prints: each figure, its reference in the same run, its target, and the verdict.</summary>
public sealed class Table
{
    private readonly List<(string Id, string What, string Figure, string Reference, string Target, bool? Met)> rows = [];

    public void Add(string id, string what, string figure, string reference, string target, bool? met) =>
        rows.Add((id, what, figure, reference, target, met));

    /// <summary>The row added last, as it will appear in the table (for a long run, so a figure is seen as soon as it is taken).</summary>
    public void PrintLast(TextWriter output)
    {
        var r = rows[^1];
        output.WriteLine($"  | {r.Id} | {r.What} | {r.Figure} | {r.Reference} | {r.Target} | {(r.Met is null ? "-" : r.Met.Value ? "yes" : "**no**")} |");
    }

    public void Print(TextWriter output)
    {
        output.WriteLine("| # | what | figure | against the reference (same run) | target | met |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            output.WriteLine($"| {r.Id} | {r.What} | {r.Figure} | {r.Reference} | {r.Target} | {(r.Met is null ? "-" : r.Met.Value ? "yes" : "**no**")} |");
        }
    }
}
