namespace AdminConsole.Core.Lockout;

/// <summary>
/// Rules across the tiers. The error names the configuration key so that a bad setting is found at start-up,
/// not during an attack.
/// </summary>
public sealed class LockoutOptionsValidator : IValidateOptions<LockoutPolicyOptions>
{
    /// <summary>NIST SP 800-63B 5.2.2: no more than 100 consecutive failed attempts on one account.</summary>
    public const int ConsecutiveFailureCeiling = 100;

    /// <summary>A shorter window would let failures be forgotten between a lock's end and the next attempt.</summary>
    public static readonly TimeSpan ShortestFailureWindow = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, LockoutPolicyOptions options)
    {
        var errors = new List<string>();
        var section = LockoutPolicyOptions.Section;
        if (options.FailureWindow <= TimeSpan.Zero)
        {
            errors.Add($"{section}:FailureWindow must be positive (was {options.FailureWindow}).");
        }
        else if (options.FailureWindow < ShortestFailureWindow)
        {
            errors.Add($"{section}:FailureWindow ({options.FailureWindow}) must be at least {ShortestFailureWindow}.");
        }

        // A window shorter than a lock forgets the count while the account is still locked, so every lock of
        // that tier would restart the ladder at its bottom: an attacker would never climb past it.
        var longest = -1;
        for (var i = 0; i < options.Tiers.Count && options.Mode == LockoutMode.Tiers; i++)
        {
            if (options.Tiers[i].Duration is { } d && (longest < 0 || d > options.Tiers[longest].Duration))
            {
                longest = i;
            }
        }

        if (longest >= 0 && options.FailureWindow < options.Tiers[longest].Duration)
        {
            errors.Add($"{section}:FailureWindow ({options.FailureWindow}) must be at least the longest tier duration, {section}:Tiers:{longest}:Duration ({options.Tiers[longest].Duration}).");
        }

        if (options.MaxConsecutiveFailures is < 1 or > ConsecutiveFailureCeiling)
        {
            errors.Add($"{section}:MaxConsecutiveFailures must be from 1 to {ConsecutiveFailureCeiling} (was {options.MaxConsecutiveFailures}; NIST SP 800-63B 5.2.2).");
        }

        if (options.DeviceFailures < 1 || options.DeviceFailures > options.MaxConsecutiveFailures)
        {
            errors.Add($"{section}:DeviceFailures must be from 1 to {section}:MaxConsecutiveFailures ({options.MaxConsecutiveFailures}) (was {options.DeviceFailures}).");
        }

        if (options.RepeatedPasswordsKept is < 1 or > 20)
        {
            errors.Add($"{section}:RepeatedPasswordsKept must be from 1 to 20 (was {options.RepeatedPasswordsKept}).");
        }

        if (options.MinimumInterval < TimeSpan.Zero || options.MinimumInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{section}:MinimumInterval must be from 00:00:00 (off) to 00:01:00 (was {options.MinimumInterval}).");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            errors.Add($"{section}:Mode must be {LockoutMode.Tiers} or {LockoutMode.Doubling} (was {options.Mode}).");
        }
        else if (options.Mode == LockoutMode.Doubling)
        {
            ValidateDoubling(options, errors);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        var tiers = options.Tiers;
        if (tiers.Count == 0)
        {
            errors.Add($"{LockoutPolicyOptions.Section}:Tiers must list at least one tier.");
            return ValidateOptionsResult.Fail(errors);
        }

        for (var i = 0; i < tiers.Count; i++)
        {
            var key = $"{LockoutPolicyOptions.Section}:Tiers:{i}";
            var tier = tiers[i];
            var last = i == tiers.Count - 1;
            if (tier.Failures < 1)
            {
                errors.Add($"{key}:Failures must be at least 1 (was {tier.Failures}).");
            }
            else if (i > 0 && tier.Failures <= tiers[i - 1].Failures)
            {
                errors.Add($"{key}:Failures ({tier.Failures}) must be greater than {LockoutPolicyOptions.Section}:Tiers:{i - 1}:Failures ({tiers[i - 1].Failures}): tiers must increase.");
            }

            if (!last && tier.Duration is null)
            {
                errors.Add($"{key}:Duration is empty (locked until an admin unlocks), so it must be the last tier.");
            }
            else if (tier.Duration is { } duration && duration <= TimeSpan.Zero)
            {
                errors.Add($"{key}:Duration must be positive (was {duration}).");
            }
            else if (i > 0 && tier.Duration is { } longer && tiers[i - 1].Duration is { } shorter && longer < shorter)
            {
                errors.Add($"{key}:Duration ({longer}) must not be shorter than {LockoutPolicyOptions.Section}:Tiers:{i - 1}:Duration ({shorter}).");
            }
        }

        var final = tiers[^1];
        if (final.Duration is not null)
        {
            errors.Add($"{LockoutPolicyOptions.Section}:Tiers:{tiers.Count - 1}:Duration must be empty: the last tier locks until an admin unlocks, otherwise an account could take more than {ConsecutiveFailureCeiling} consecutive failures (NIST SP 800-63B 5.2.2).");
        }

        if (final.Failures > ConsecutiveFailureCeiling)
        {
            errors.Add($"{LockoutPolicyOptions.Section}:Tiers:{tiers.Count - 1}:Failures ({final.Failures}) allows more than {ConsecutiveFailureCeiling} consecutive failures (NIST SP 800-63B 5.2.2).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The most a lock may grow at each step in doubling mode.</summary>
    public const double LargestMultiplier = 10;

    /// <summary>
    /// Doubling mode: the growing locks must stay inside the failure window (or the ladder would restart at its
    /// bottom between locks), and the consecutive-failure cap must leave room for at least one growing lock before
    /// the last-resort lock an admin lifts.
    /// </summary>
    private static void ValidateDoubling(LockoutPolicyOptions options, List<string> errors)
    {
        var section = LockoutPolicyOptions.Section;
        if (options.FailuresPerLock < 1 || options.FailuresPerLock >= options.MaxConsecutiveFailures)
        {
            errors.Add($"{section}:FailuresPerLock must be from 1 to less than {section}:MaxConsecutiveFailures ({options.MaxConsecutiveFailures}) (was {options.FailuresPerLock}).");
        }

        if (options.FirstDuration <= TimeSpan.Zero)
        {
            errors.Add($"{section}:FirstDuration must be positive (was {options.FirstDuration}).");
        }

        if (double.IsNaN(options.Multiplier) || options.Multiplier < 1 || options.Multiplier > LargestMultiplier)
        {
            errors.Add($"{section}:Multiplier must be from 1 to {LargestMultiplier} (was {options.Multiplier}).");
        }

        if (options.MaxDuration < options.FirstDuration)
        {
            errors.Add($"{section}:MaxDuration ({options.MaxDuration}) must be at least {section}:FirstDuration ({options.FirstDuration}).");
        }
        else if (options.FailureWindow > TimeSpan.Zero && options.FailureWindow < options.MaxDuration)
        {
            errors.Add($"{section}:FailureWindow ({options.FailureWindow}) must be at least {section}:MaxDuration ({options.MaxDuration}), the longest lock.");
        }
    }
}
