using System.Text.RegularExpressions;

namespace AdminConsole.Tests.Unit;

/// <summary>
/// The table "Which folder uses which" in docs/architecture.md against the code: a Core folder uses another when one
/// of its files has a <c>using</c> of the other's namespace or names one of the other's types as <c>Folder.Type</c>
/// (comments aside). The table is rewritten when the code changes, so the two-way pairs it lists are never hidden.
/// </summary>
public sealed partial class FolderDependencyTests
{
    [GeneratedRegex(@"AdminConsole\.Core\.(?<folder>[A-Za-z]+)\b")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"(?<![\w.])(?<folder>[A-Z][A-Za-z]+)\.[A-Z]")]
    private static partial Regex FolderDotType();

    [GeneratedRegex(@"^\| `(?<folder>[A-Za-z]+)/` \| (?<uses>[^|]*) \| (?<usedBy>[^|]*) \|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [Fact]
    public void The_architecture_table_lists_what_each_Core_folder_uses()
    {
        var computed = Compute();
        var documented = TableRow().Matches(File.ReadAllText(Path.Combine(Repository.Root, "docs", "architecture.md")))
            .ToDictionary(m => m.Groups["folder"].Value, m => Names(m.Groups["uses"].Value));

        var expected = string.Join("\n", computed.Select(pair => $"| `{pair.Key}/` | {Cell(pair.Value)} | {Cell(UsedBy(computed, pair.Key))} |"));
        var wrong = computed.Keys.Union(documented.Keys)
            .Where(folder => !computed.TryGetValue(folder, out var uses) || !documented.TryGetValue(folder, out var listed) || !uses.SetEquals(listed))
            .ToList();
        Assert.True(wrong.Count == 0, $"docs/architecture.md is out of date for {string.Join(", ", wrong)}; the rows today:\n{expected}");
    }

    [Fact]
    public void Each_Core_folders_readme_says_what_it_uses()
    {
        var wrong = Compute()
            .Select(pair => (Folder: pair.Key, Expected: pair.Value.Count == 0
                ? "May use: no other Core folder"
                : $"May use (what it uses today, computed from the code): {string.Join(", ", pair.Value)}."))
            .Where(x => !Flat(File.ReadAllText(Path.Combine(Repository.Root, "AdminConsole.Core", x.Folder, "README.md"))).Contains(x.Expected, StringComparison.Ordinal))
            .Select(x => $"{x.Folder}/README.md should say: {x.Expected}")
            .ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void A_use_is_found_by_using_or_by_a_qualified_type_and_not_in_comments()
    {
        var source = """
            using AdminConsole.Core.Lockout;
            // Mail.MailOptions is named in a comment only
            /// <see cref="Webhooks.WebhookSender"/>
            var x = new Location.GeoLocator(); var y = System.Text.Encoding.UTF8; var z = options.Policy.Name;
            """;

        Assert.Equal(["Location", "Lockout"], Uses(source, ["Lockout", "Location", "Mail", "Webhooks", "Text", "Policy"]).Order());
    }

    private static SortedDictionary<string, SortedSet<string>> Compute()
    {
        var core = Path.Combine(Repository.Root, "AdminConsole.Core");
        var folders = Directory.GetDirectories(core).Select(Path.GetFileName).Where(name => name is not ("bin" or "obj")).Cast<string>().ToHashSet();
        var graph = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var uses = Directory.EnumerateFiles(Path.Combine(core, folder), "*.cs", SearchOption.AllDirectories)
                .SelectMany(file => Uses(File.ReadAllText(file), folders))
                .Where(other => other != folder);
            graph[folder] = new SortedSet<string>(uses, StringComparer.Ordinal);
        }

        return graph;
    }

    private static IEnumerable<string> Uses(string source, IReadOnlyCollection<string> folders)
    {
        var code = string.Join("\n", source.Split('\n').Select(line => line.TrimStart().StartsWith("//", StringComparison.Ordinal) ? "" : line));
        return Qualified().Matches(code).Select(m => m.Groups["folder"].Value)
            .Concat(FolderDotType().Matches(code).Select(m => m.Groups["folder"].Value))
            .Where(folders.Contains)
            .Distinct();
    }

    private static SortedSet<string> UsedBy(SortedDictionary<string, SortedSet<string>> graph, string folder) =>
        new(graph.Where(pair => pair.Value.Contains(folder)).Select(pair => pair.Key), StringComparer.Ordinal);

    private static HashSet<string> Names(string cell) =>
        cell.Trim() == "—" ? [] : cell.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    private static string Flat(string text) => string.Join(" ", text.Split(new[] { '\n', '\r', ' ' }, StringSplitOptions.RemoveEmptyEntries));

    private static string Cell(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "—";
}
