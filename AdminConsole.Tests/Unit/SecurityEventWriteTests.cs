namespace AdminConsole.Tests.Unit;

/// <summary>
/// A security event is written only through <c>ISecurityEventLog.AddAsync</c>, which adds what it causes (notification,
/// mails, webhook deliveries) at the call site: an event added to the context directly would be saved without them.
/// </summary>
public sealed class SecurityEventWriteTests
{
    [Fact]
    public void No_product_code_adds_a_security_event_to_the_context_directly()
    {
        var direct = new[] { "AdminConsole.Core", "AdminConsole" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(Repository.Root, project), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(file) != "SecurityEventEffects.cs")
            .Where(file => File.ReadLines(file).Any(line => line.Contains("SecurityEvents.Add(", StringComparison.Ordinal)
                || line.Contains("SecurityEvents.AddRange(", StringComparison.Ordinal)))
            .Select(Repository.Relative)
            .ToList();

        Assert.True(direct.Count == 0, "Security events added without ISecurityEventLog:\n" + string.Join("\n", direct));
    }
}
