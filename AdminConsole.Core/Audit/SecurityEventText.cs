using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AdminConsole.Core.Text;

namespace AdminConsole.Core.Audit;

/// <summary>An event's type and details as the console shows them: words, not stored names and JSON.</summary>
public static class SecurityEventText
{
    /// <summary>"AccountLocked" as "Account locked".</summary>
    public static string Describe(SecurityEventType type) => Words(type.ToString(), capitalise: true);

    /// <summary>
    /// The stored JSON details as "tier: 2 · failures: 10 · until: 2026-12-07 10:15 UTC": names in words, yes/no,
    /// times in UTC, durations as people say them, empty values left out. Null when there are none; text that
    /// is not a JSON object is shown as it is.
    /// </summary>
    public static string? DescribeDetails(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? Object(document.RootElement) : Value(document.RootElement);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string Object(JsonElement element) => string.Join(" · ", element.EnumerateObject()
        .Where(p => p.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        .Select(p => $"{Words(p.Name, capitalise: false)}: {Value(p.Value)}"));

    private static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? whole.ToString("N0", CultureInfo.InvariantCulture) : value.GetRawText(),
        JsonValueKind.String => Text(value.GetString()!),
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Value)),
        JsonValueKind.Object => $"({Object(value)})",
        _ => "",
    };

    private static string Text(string text) =>
        text.Length >= 19 && text[4] == '-' && text[10] == 'T' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"
        : text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var span)
            ? DurationText.Describe(span)
        : IsOpaqueIdentifier(text) ? text[..10] + "…"
        : text;

    /// <summary>A long random identifier (a session or key id): its first characters tell rows apart, the rest is noise.</summary>
    private static bool IsOpaqueIdentifier(string text) =>
        text.Length > 24 && text.AsSpan().IndexOfAnyExcept(OpaqueCharacters) < 0;

    private static readonly SearchValues<char> OpaqueCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static string Words(string name, bool capitalise)
    {
        var words = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            // a capital starts a word, except inside an acronym ("IPv6", "URL")
            if (i > 0 && char.IsUpper(c) && (!char.IsUpper(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                words.Append(' ');
            }

            words.Append(i == 0 && capitalise ? char.ToUpperInvariant(c) : IsAcronymAt(name, i) ? c : char.ToLowerInvariant(c));
        }

        return words.ToString();
    }

    private static bool IsAcronymAt(string name, int i) =>
        char.IsUpper(name[i]) && ((i + 1 < name.Length && char.IsUpper(name[i + 1])) || (i > 0 && char.IsUpper(name[i - 1])));
}
