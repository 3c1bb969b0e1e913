namespace AdminConsole.Core.Policy;

/// <summary>
/// A policy section an admin changed in the console, stored as the whole section in JSON. It overrides the
/// configuration section of the same name; without a row, configuration is the policy.
/// </summary>
public sealed class PolicySetting
{
    public required string Section { get; set; }

    public required string Json { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
