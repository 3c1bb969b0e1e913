using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace AdminConsole.Tests.Unit;

/// <summary>
/// Every <c>[LoggerMessage]</c> of the web app and of AdminConsole.Core has its own event id, and docs/operations.md
/// ("Log event ids") lists each one with its name, so operators can filter logs by id. Declarations are found by
/// reflection, so a new one is checked without touching this test.
/// </summary>
public sealed partial class LogEventIdTests
{
    [GeneratedRegex(@"^\|\s*(?<id>\d+)\s*\|\s*`(?<name>[^`]+)`")]
    private static partial Regex DocumentedId();

    /// <summary>An id left out reads -1 (the attribute's default); 0 is <c>default(EventId)</c>, no id either.</summary>
    [Fact]
    public void Every_log_message_has_an_event_id()
    {
        var missing = LogMessages().Where(m => m.Id <= 0).Select(m => m.Method).Order().ToList();

        Assert.True(missing.Count == 0, "[LoggerMessage] without an EventId: " + string.Join(", ", missing));
    }

    [Fact]
    public void No_two_log_messages_share_an_event_id()
    {
        var shared = LogMessages().Where(m => m.Id > 0).GroupBy(m => m.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(" and ", g.Select(m => m.Method))}").ToList();

        Assert.True(shared.Count == 0, "EventIds used twice: " + string.Join("; ", shared));
    }

    [Fact]
    public void Every_event_id_is_named_and_listed_in_the_operations_docs()
    {
        var documented = File.ReadLines(Path.Combine(RepositoryRoot(), "docs", "operations.md"))
            .Select(line => DocumentedId().Match(line))
            .Where(m => m.Success)
            .Select(m => (Id: int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture), Name: m.Groups["name"].Value))
            .ToHashSet();
        var inCode = LogMessages().Select(m => (m.Id, Name: m.Name ?? "")).ToHashSet();

        Assert.All(LogMessages(), m => Assert.False(string.IsNullOrEmpty(m.Name), m.Method + " has no EventName"));
        Assert.True(inCode.SetEquals(documented),
            "docs/operations.md lacks: " + string.Join(", ", inCode.Except(documented).Order())
            + "; documents what the code does not log: " + string.Join(", ", documented.Except(inCode).Order()));
    }

    [Fact]
    public void The_log_messages_of_both_assemblies_are_found()
    {
        var methods = LogMessages().Select(m => m.Method).ToList();

        Assert.Contains(methods, m => m.StartsWith("AdminConsole.Core.SignIn.SignInLog.", StringComparison.Ordinal));
        Assert.Contains(methods, m => m.StartsWith("AdminConsole.Protection.ApiForgeryGuard.", StringComparison.Ordinal));
        Assert.True(methods.Count >= 47, $"only {methods.Count} [LoggerMessage] methods found");
    }

    private static List<(int Id, string? Name, string Method)> LogMessages() =>
        new[] { typeof(Program).Assembly, typeof(AdminConsole.Core.Data.DatabaseOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.EventId, x.Attribute.EventName, $"{x.Method.DeclaringType!.FullName}.{x.Method.Name}"))
            .ToList();

    private static string RepositoryRoot() => Repository.Root;
}
