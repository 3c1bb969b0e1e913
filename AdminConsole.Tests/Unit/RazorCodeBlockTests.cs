using System.Text.RegularExpressions;

namespace AdminConsole.Tests.Unit;

/// <summary>
/// Every component under AdminConsole/Components keeps its code short: an <c>@code</c> or <c>@functions</c> block
/// of more than <see cref="MaxLines"/> lines moves to a <c>.razor.cs</c> partial beside the component, where the
/// analyzers read it and a reader finds markup and logic apart. A block is counted from its <c>@code</c> line to the
/// closing brace at the same indent, both included.
/// </summary>
public sealed partial class RazorCodeBlockTests
{
    private const int MaxLines = 40;

    [GeneratedRegex(@"^(?<indent>\s*)@(code|functions)\b")]
    private static partial Regex BlockStart();

    [Fact]
    public void No_component_has_more_than_40_lines_of_code_in_its_razor_file()
    {
        var blocks = Directory.GetFiles(Path.Combine(RepositoryRoot(), "AdminConsole", "Components"), "*.razor", SearchOption.AllDirectories)
            .Select(file => (File: Relative(file), Lines: File.ReadAllLines(file)))
            .SelectMany(razor => CodeBlockLengths(razor.Lines).Select(length => (razor.File, Length: length)))
            .ToList();

        var tooLong = blocks.Where(b => b.Length > MaxLines)
            .Select(b => $"{b.File}: {b.Length} lines")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(blocks.Count >= 20, $"only {blocks.Count} @code blocks found under AdminConsole/Components");
        Assert.True(tooLong.Count == 0, $"@code blocks over {MaxLines} lines; move the code to a .razor.cs partial:\n" + string.Join("\n", tooLong));
    }

    /// <summary>The length of each block; one without its closing brace runs to the end of the file.</summary>
    private static IEnumerable<int> CodeBlockLengths(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var start = BlockStart().Match(lines[i]);
            if (!start.Success)
            {
                continue;
            }

            var close = start.Groups["indent"].Value + "}";
            var end = i + 1;
            while (end < lines.Length && lines[end].TrimEnd() != close)
            {
                end++;
            }

            yield return Math.Min(end, lines.Length - 1) - i + 1;
            i = end;
        }
    }

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot(), path).Replace('\\', '/');

    private static string RepositoryRoot() => Repository.Root;
}
