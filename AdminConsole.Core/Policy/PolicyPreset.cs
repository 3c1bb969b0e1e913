using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.Policy;

/// <summary>
/// <c>Policy:Preset</c>: a named set of policy values laid under configuration (any value configured explicitly
/// still wins), so a team can take the specification's numbers in one line. <c>Specification</c> is the only preset;
/// where a value of it would break a safety rule, the nearest allowed value is taken and <see cref="Notes"/> says why.
/// </summary>
public static class PolicyPreset
{
    public const string Key = "Policy:Preset";
    public const string Specification = "Specification";

    /// <summary>The specification's numbers, as configuration keys.</summary>
    public static readonly IReadOnlyDictionary<string, string?> SpecificationValues = new Dictionary<string, string?>
    {
        // sign-in: 5 per 15 minutes per address; public registration: 3 an hour
        ["RateLimits:SignIn:PermitLimit"] = "5",
        ["RateLimits:SignIn:Window"] = "00:15:00",
        ["RateLimits:Registration:PermitLimit"] = "3",
        ["RateLimits:Registration:Window"] = "01:00:00",

        // locks: 15 minutes, doubling to 24 hours
        ["Lockout:Mode"] = "Doubling",
        ["Lockout:FirstDuration"] = "00:15:00",
        ["Lockout:Multiplier"] = "2",
        ["Lockout:MaxDuration"] = "1.00:00:00",

        // attempt and audit retention of 30 days, where the safety rules allow
        ["Retention:AttemptDays"] = "31",
        ["Retention:EventDays"] = "90",
    };

    /// <summary>What the specification asks that the preset could not take, and why.</summary>
    public static readonly IReadOnlyList<string> Notes =
    [
        "Attempts are kept 31 days, not 30: the dashboard shows the last 30 days (Retention:AttemptDays).",
        "Audit events are kept 90 days, not 30: the audit log is kept for at least three months (Retention:EventDays).",
    ];

    /// <summary>The preset named in configuration, checked: null when none.</summary>
    public static string? Of(IConfiguration configuration) => configuration[Key] switch
    {
        null or "" => null,
        var name when string.Equals(name, Specification, StringComparison.OrdinalIgnoreCase) => Specification,
        var name => throw new OptionsValidationException(Key, typeof(string), [$"{Key} must be '{Specification}' or empty (was '{name}')."]),
    };

    /// <summary>Lays the preset's values under every configuration source (the lowest priority), when one is named.</summary>
    public static IHostApplicationBuilder AddPolicyPreset(this IHostApplicationBuilder builder)
    {
        if (Of(builder.Configuration) is not null)
        {
            builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = SpecificationValues });
        }

        return builder;
    }
}
