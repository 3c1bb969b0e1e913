using System.Text.RegularExpressions;

namespace AdminConsole.E2E;

/// <summary>
/// The e2e classes share one app, and the app limits and challenges sign-ins per client address. Two classes that
/// present the same address would spend each other's budget and fail by their order, so each address belongs to one file.
/// </summary>
public sealed partial class ClientAddressTests
{
    [GeneratedRegex(@"""(203\.0\.113\.\d{1,3})""")]
    private static partial Regex DocumentationAddress();

    [Fact]
    public void Every_client_address_the_browser_tests_present_belongs_to_one_test_file()
    {
        var owners = Directory.EnumerateFiles(Path.Combine(AppHost.RepositoryRoot, "e2e"), "*Tests.cs")
            .SelectMany(file => DocumentationAddress().Matches(File.ReadAllText(file))
                .Select(match => (Address: match.Groups[1].Value, File: Path.GetFileName(file))))
            .Distinct()
            .GroupBy(pair => pair.Address)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(pair => pair.File))}")
            .ToList();

        Assert.True(owners.Count == 0, "Addresses used by more than one test file:\n" + string.Join("\n", owners));
    }
}
