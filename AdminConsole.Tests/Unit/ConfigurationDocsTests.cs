using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;

namespace AdminConsole.Tests.Unit;

/// <summary>
/// docs/configuration.md against the code: every key an options class binds is documented, and every documented key
/// exists. Options classes are found by reflection (a public <c>const string Section</c>, as each one has for its
/// <c>BindConfiguration</c>), so a new one is checked without touching this test.
/// </summary>
public sealed partial class ConfigurationDocsTests
{
    /// <summary>Keys read without an options class: connection strings, and what the framework itself reads.</summary>
    private static readonly string[] KeysReadDirectly =
    [
        "ConnectionStrings:AdminConsole", "ConnectionStrings:Redis", "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_URLS",
        "Logging:LogLevel:Default", "AllowedHosts", "OTEL_EXPORTER_OTLP_ENDPOINT", AdminConsole.Core.Policy.PolicyPreset.Key,
    ];

    [GeneratedRegex(@"^\|\s*`(?<key>[^`]+)`")]
    private static partial Regex DocumentedKey();

    [Fact]
    public void Every_bound_key_is_documented()
    {
        var missing = BoundKeys().Except(DocumentedKeys(), StringComparer.Ordinal).Order().ToList();

        Assert.True(missing.Count == 0, "docs/configuration.md lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_documented_key_exists()
    {
        var unknown = DocumentedKeys().Except(BoundKeys().Concat(KeysReadDirectly), StringComparer.Ordinal).Order().ToList();

        Assert.True(unknown.Count == 0, "docs/configuration.md documents keys nothing reads: " + string.Join(", ", unknown));
    }

    [Fact]
    public void The_options_classes_are_found()
    {
        var sections = OptionsClasses().Select(t => t.Section).ToList();

        Assert.Contains("Lockout", sections);
        Assert.Contains("Registration", sections);
        Assert.Contains("DataProtection", sections);
        Assert.Contains("RateLimits", sections);
        Assert.Contains("Lockout:Tiers:N:Duration", BoundKeys());
        Assert.Contains("Registration:AllowedDomains:N", BoundKeys());
    }

    /// <summary>The first backticked key of each table row, one key per row.</summary>
    private static HashSet<string> DocumentedKeys() =>
        File.ReadLines(Path.Combine(RepositoryRoot(), "docs", "configuration.md"))
            .Select(line => DocumentedKey().Match(line))
            .Where(m => m.Success && m.Groups["key"].Value is var key && (key.Contains(':', StringComparison.Ordinal) || KeysReadDirectly.Contains(key)))
            .Select(m => m.Groups["key"].Value)
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<(string Section, Type Type)> OptionsClasses() =>
        new[] { typeof(Program).Assembly, typeof(AdminConsole.Core.Data.DatabaseOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static), Type: t))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => ((string)x.Field!.GetRawConstantValue()!, x.Type));

    /// <summary>Every key the options classes bind, lists written <c>:N</c> and dictionaries <c>:NAME</c>.</summary>
    public static HashSet<string> BoundKeys() =>
        OptionsClasses().SelectMany(c => Keys(c.Section, c.Type, depth: 0)).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> Keys(string prefix, Type type, int depth)
    {
        if (IsLeaf(type))
        {
            yield return prefix;
            yield break;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>)))
        {
            foreach (var key in Keys(prefix + ":NAME", type.GetGenericArguments()[1], depth + 1))
            {
                yield return key;
            }

            yield break;
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().Single();
            foreach (var key in Keys(prefix + ":N", element, depth + 1))
            {
                yield return key;
            }

            yield break;
        }

        if (depth > 4)
        {
            throw new InvalidOperationException($"{prefix}: options nest deeper than this test follows.");
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var bindable = property.GetIndexParameters().Length == 0 && property.GetMethod is { IsPublic: true }
                && (property.SetMethod is { IsPublic: true } || !IsLeaf(property.PropertyType));
            if (!bindable)
            {
                continue;
            }

            foreach (var key in Keys($"{prefix}:{property.Name}", property.PropertyType, depth + 1))
            {
                yield return key;
            }
        }
    }

    private static bool IsLeaf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Uri) || type == typeof(Guid) || type == typeof(TimeOnly);
    }

    private static string RepositoryRoot() => Repository.Root;
}
