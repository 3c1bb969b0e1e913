namespace AdminConsole.Core.IpProtection;

/// <summary>Every configured address must parse; the error names the key and says what is wrong.</summary>
public sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        var errors = Check(nameof(NetworkOptions.TrustedProxies), options.TrustedProxies)
            .Concat(Check(nameof(NetworkOptions.AllowList), options.AllowList))
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> Check(string key, List<string> entries) =>
        entries.Select((entry, i) => (i, AddressParser.Parse(entry)))
            .Where(x => !x.Item2.Succeeded)
            .Select(x => $"{NetworkOptions.Section}:{key}:{x.i}: {x.Item2.Error}");
}

/// <summary>Positive durations, a threshold of at least 1, and a cap not below the first block.</summary>
public sealed class AddressBlockingOptionsValidator : IValidateOptions<AddressBlockingOptions>
{
    public ValidateOptionsResult Validate(string? name, AddressBlockingOptions o)
    {
        var errors = new List<string>();
        const string s = AddressBlockingOptions.Section;
        if (o.Failures < 1)
        {
            errors.Add($"{s}:Failures must be at least 1 (was {o.Failures}).");
        }

        foreach (var (key, value) in new[] { ("Window", o.Window), ("BlockDuration", o.BlockDuration), ("MaxBlockDuration", o.MaxBlockDuration), ("RepeatWindow", o.RepeatWindow) })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{s}:{key} must be positive (was {value}).");
            }
        }

        if (o.MaxBlockDuration < o.BlockDuration)
        {
            errors.Add($"{s}:MaxBlockDuration ({o.MaxBlockDuration}) must not be shorter than {s}:BlockDuration ({o.BlockDuration}).");
        }

        for (var i = 0; i < o.HoneypotNames.Count; i++)
        {
            if (!HoneypotNames.IsWellFormed(o.HoneypotNames[i]))
            {
                errors.Add($"{s}:HoneypotNames:{i} must be a full address (admin@example.com) or a local part with a trailing @ (administrator@) (was '{o.HoneypotNames[i]}').");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
