using System.Text.RegularExpressions;

namespace AdminConsole.Core.Sessions;

/// <summary>
/// Browser and operating system from a User-Agent header, in words, for people looking at their sessions. Only the
/// common families are named; anything else is "Unknown browser". Never used for a security decision.
/// </summary>
public static partial class UserAgentSummary
{
    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown device";
        }

        var browser = Browser(userAgent);
        var os = OperatingSystem(userAgent);
        return os is null ? browser : $"{browser} on {os}";
    }

    private static string Browser(string ua)
    {
        foreach (var (pattern, name) in Browsers)
        {
            var match = pattern.Match(ua);
            if (match.Success)
            {
                return match.Groups.Count > 1 && match.Groups[1].Success ? $"{name} {match.Groups[1].Value}" : name;
            }
        }

        return ua.StartsWith("curl/", StringComparison.OrdinalIgnoreCase) ? "curl" : "Unknown browser";
    }

    private static string? OperatingSystem(string ua) =>
        ua.Contains("Windows", StringComparison.Ordinal) ? "Windows"
        : ua.Contains("iPhone", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) ? "iOS"
        : ua.Contains("Mac OS X", StringComparison.Ordinal) ? "macOS"
        : ua.Contains("Android", StringComparison.Ordinal) ? "Android"
        : ua.Contains("CrOS", StringComparison.Ordinal) ? "ChromeOS"
        : ua.Contains("Linux", StringComparison.Ordinal) ? "Linux"
        : null;

    // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
    private static readonly (Regex Pattern, string Name)[] Browsers =
    [
        (EdgeRegex(), "Edge"),
        (OperaRegex(), "Opera"),
        (FirefoxRegex(), "Firefox"),
        (ChromeRegex(), "Chrome"),
        (SafariRegex(), "Safari"),
    ];

    [GeneratedRegex(@"Edg(?:e|A|iOS)?/(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex EdgeRegex();

    [GeneratedRegex(@"OPR/(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex OperaRegex();

    [GeneratedRegex(@"(?:Firefox|FxiOS)/(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex FirefoxRegex();

    [GeneratedRegex(@"(?:Chrome|CriOS|HeadlessChrome)/(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ChromeRegex();

    [GeneratedRegex(@"Version/(\d+)[^ ]* (?:Mobile/\S+ )?Safari/", RegexOptions.CultureInvariant)]
    private static partial Regex SafariRegex();
}
