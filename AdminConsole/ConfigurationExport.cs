using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace AdminConsole;

/// <summary>
/// <c>export-config</c>: every configuration value the app sees, one <c>Key = value</c> line each, sorted, with the
/// source that set it (the last one wins), so an operator can tell which file or variable is in force. Secrets are
/// masked: a key whose last part ends in Password, Secret, Key, Token or Pwd shows <c>***</c>, and a
/// <c>password=</c> (or <c>pwd=</c>) inside any value, as in connection strings, shows <c>***</c>. The machine's own
/// environment variables (PATH, HOME...) are left out: only variables with a section (<c>Section__Key</c>) are
/// configuration for the app.
/// </summary>
public static partial class ConfigurationExport
{
    public const string Masked = "***";

    private static readonly string[] SecretEndings = ["password", "secret", "key", "token", "pwd"];

    public static void Write(IConfiguration configuration, TextWriter output)
    {
        var providers = configuration is IConfigurationRoot root ? root.Providers.Reverse().ToList() : [];
        foreach (var (key, value) in configuration.AsEnumerable().Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            var source = providers.FirstOrDefault(p => p.TryGet(key, out _));
            if (source is EnvironmentVariablesConfigurationProvider && !key.Contains(':', StringComparison.Ordinal) && !HostKeys.Contains(key))
            {
                continue;
            }

            output.WriteLine($"{key} = {Mask(key, value!)}{(source is null ? "" : $"   # {Describe(source)}")}");
        }
    }

    /// <summary>The value as it may be shown: <see cref="Masked"/> for a secret key, passwords inside it masked.</summary>
    public static string Mask(string key, string value)
    {
        var last = key[(key.LastIndexOf(':') + 1)..];
        if (value.Length > 0 && SecretEndings.Any(e => last.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            return Masked;
        }

        return PasswordInValue().Replace(value, m => m.Groups["name"].Value + "=" + Masked);
    }

    /// <summary>Top-level keys the host itself reads, which may come from environment variables.</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "urls", "http_ports", "https_ports", "environment", "AllowedHosts", "contentRoot", "applicationName",
    };

    private static string Describe(IConfigurationProvider provider) => provider switch
    {
        FileConfigurationProvider file => file.Source.Path ?? "a file",
        EnvironmentVariablesConfigurationProvider => "environment variable",
        Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationProvider => "command line",
        _ => provider.GetType().Name,
    };

    [GeneratedRegex(@"(?<name>\b(?:password|pwd))\s*=\s*[^;,]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordInValue();
}
