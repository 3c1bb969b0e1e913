using System.Text.RegularExpressions;

namespace AdminConsole.Tests.Unit;

/// <summary>
/// docs/architecture.md and the README.md of each AdminConsole.Core folder against the tree: every file or folder
/// they name in backticks or in a link exists, and no Core folder is without its README.md. A name is looked up
/// beside the document, then from the repository root, then under AdminConsole.Core/ and AdminConsole/, so
/// <c>SignIn/SignInRisk.cs</c> and <c>AdminConsole.Core/SignIn/SignInRisk.cs</c> both resolve. A name without an
/// extension is a folder, or a <c>.cs</c> or <c>.razor</c> file of that name.
/// </summary>
public sealed partial class ArchitectureDocTests
{
    private static readonly string[] FileExtensions =
    [
        ".cs", ".md", ".razor", ".json", ".txt", ".csproj", ".sln", ".props", ".sh", ".yml", ".yaml", ".js", ".ts",
        ".css", ".sql", ".png", ".svg", ".http",
    ];

    [GeneratedRegex(@"`(?<name>[^`\r\n]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"\]\((?<name>[^)\s]+)\)")]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-/]+$")]
    private static partial Regex PathCharacters();

    [Fact]
    public void Every_named_file_and_folder_exists()
    {
        var missing = Documents()
            .SelectMany(doc => NamedPaths(File.ReadAllText(doc)).Where(name => !Exists(doc, name)).Select(name => $"{Relative(doc)}: {name}"))
            .ToList();

        Assert.True(missing.Count == 0, "Named but not in the repository:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_Core_folder_has_a_readme()
    {
        var without = CoreFolders().Where(folder => !File.Exists(Path.Combine(folder, "README.md"))).Select(Relative).ToList();

        Assert.True(without.Count == 0, "Core folders without a README.md: " + string.Join(", ", without));
    }

    [Fact]
    public void The_names_are_found()
    {
        var names = NamedPaths(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "architecture.md"))).ToList();

        Assert.Contains("AdminConsole.Core/ServiceCollectionExtensions.cs", names);
        Assert.Contains("SignIn/AppSignInManager.cs", names);
        Assert.Contains("SignIn/SignInRisk.cs", names);
        Assert.Contains("Lockout/", names);
        Assert.DoesNotContain(names, name => name.Contains(':', StringComparison.Ordinal) || name.Contains(' ', StringComparison.Ordinal));
        Assert.Equal(["Audit/AdminResult", "docs/security.md"], NamedPaths("See `Audit/AdminResult`, `AdminResult`, `Risk:StepUpAbove` and [security](docs/security.md#locks)."));
    }

    private static IEnumerable<string> Documents() =>
        CoreFolders()
            .Select(folder => Path.Combine(folder, "README.md"))
            .Where(File.Exists)
            .Prepend(Path.Combine(RepositoryRoot(), "docs", "architecture.md"));

    private static IEnumerable<string> CoreFolders() =>
        Directory.GetDirectories(Path.Combine(RepositoryRoot(), "AdminConsole.Core"))
            .Where(folder => Path.GetFileName(folder) is not ("bin" or "obj"))
            .Order(StringComparer.Ordinal);

    /// <summary>Backticked names and link targets that look like a file or folder of the repository; code blocks are skipped.</summary>
    private static List<string> NamedPaths(string markdown)
    {
        var prose = Prose(markdown);
        return Backticked().Matches(prose).Select(m => m.Groups["name"].Value)
            .Concat(LinkTarget().Matches(prose).Select(m => m.Groups["name"].Value.Split('#')[0]))
            .Select(name => name.Trim())
            .Where(LooksLikePath)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static string Prose(string markdown)
    {
        var inBlock = false;
        var kept = new List<string>();
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
            }
            else if (!inBlock)
            {
                kept.Add(line);
            }
        }

        return string.Join('\n', kept);
    }

    private static bool LooksLikePath(string name) =>
        name.Length > 0
        && PathCharacters().IsMatch(name)
        && !name.StartsWith('/')
        && (name.Contains('/', StringComparison.Ordinal) || HasFileExtension(name));

    private static bool HasFileExtension(string name) =>
        FileExtensions.Any(extension => name.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    private static bool Exists(string document, string name)
    {
        var root = RepositoryRoot();
        string[] bases = [Path.GetDirectoryName(document)!, root, Path.Combine(root, "AdminConsole.Core"), Path.Combine(root, "AdminConsole")];
        return bases.Select(folder => Path.GetFullPath(Path.Combine(folder, name.TrimEnd('/')))).Any(path =>
            HasFileExtension(name) && !name.EndsWith('/')
                ? File.Exists(path)
                : Directory.Exists(path) || (!name.EndsWith('/') && (File.Exists(path + ".cs") || File.Exists(path + ".razor"))));
    }

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot(), path).Replace('\\', '/');

    private static string RepositoryRoot() => Repository.Root;
}
