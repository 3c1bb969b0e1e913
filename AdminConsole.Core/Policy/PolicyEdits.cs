using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Text;

namespace AdminConsole.Core.Policy;

/// <summary>A duration typed as text (<see cref="DurationText"/>), with the message when it does not read.</summary>
public sealed class DurationField(string text)
{
    public DurationField(TimeSpan span)
        : this(DurationText.Format(span))
    {
    }

    public string Text { get; set; } = text;

    public string? Error { get; private set; }

    /// <summary>The duration, or null with <see cref="Error"/> set when the text does not read.</summary>
    public TimeSpan? Parse()
    {
        Error = DurationText.TryParse(Text, out var span) ? null : $"\"{Text}\" is not a duration. {DurationText.InputHint}";
        return Error is null ? span : null;
    }
}

/// <summary>One tier of the lockout ladder as edited; the last tier's duration is unused (it locks until unlocked).</summary>
public sealed class TierEdit
{
    public int Failures { get; set; }

    public DurationField Duration { get; set; } = new("");
}

/// <summary>
/// The lockout policy as the Policy page edits it: read from the options in force, and turned back into options
/// with what the form does not show kept from <paramref name="current"/>, field by field.
/// </summary>
public sealed class LockoutEdit
{
    public List<TierEdit> Tiers { get; set; } = [];

    public DurationField FailureWindow { get; set; } = new("");

    public int MaxConsecutiveFailures { get; set; }

    /// <summary>Not edited on the page: kept as configured.</summary>
    public int DeviceFailures { get; set; }

    public bool ShowRemainingAttempts { get; set; }

    public LockoutMode Mode { get; set; }

    public int FailuresPerLock { get; set; }

    public DurationField FirstDuration { get; set; } = new("");

    public double Multiplier { get; set; }

    public DurationField MaxDuration { get; set; } = new("");

    public static LockoutEdit From(LockoutPolicyOptions o) => new()
    {
        Tiers = o.Tiers.Select(t => new TierEdit { Failures = t.Failures, Duration = new(t.Duration is { } d ? DurationText.Format(d) : "") }).ToList(),
        FailureWindow = new(o.FailureWindow),
        MaxConsecutiveFailures = o.MaxConsecutiveFailures,
        DeviceFailures = o.DeviceFailures,
        ShowRemainingAttempts = o.ShowRemainingAttempts,
        Mode = o.Mode,
        FailuresPerLock = o.FailuresPerLock,
        FirstDuration = new(o.FirstDuration),
        Multiplier = o.Multiplier,
        MaxDuration = new(o.MaxDuration),
    };

    /// <summary>Adds a tier before the last (which locks until unlocked), a step below it.</summary>
    public void AddTier()
    {
        var last = Tiers[^1];
        var before = Tiers.Count > 1 ? Tiers[^2] : null;
        Tiers.Insert(Tiers.Count - 1, new TierEdit
        {
            Failures = Math.Max(1, last.Failures - 1),
            Duration = new(before?.Duration.Text is { Length: > 0 } text ? text : "1h"),
        });
    }

    /// <summary>
    /// The policy as edited, or null when a duration shown for the chosen mode does not read (its field says why).
    /// The other mode's settings are kept as in <paramref name="current"/>, for a switch back.
    /// </summary>
    public LockoutPolicyOptions? ToOptions(LockoutPolicyOptions current)
    {
        var window = FailureWindow.Parse();
        var doubling = Mode == LockoutMode.Doubling;
        var durations = doubling ? [] : Tiers.SkipLast(1).Select(t => t.Duration.Parse()).ToList();
        var first = doubling ? FirstDuration.Parse() : current.FirstDuration;
        var longest = doubling ? MaxDuration.Parse() : current.MaxDuration;
        if (window is null || first is null || longest is null || durations.Any(d => d is null))
        {
            return null;
        }

        return new LockoutPolicyOptions
        {
            Tiers = doubling
                ? current.Tiers // the tiers are kept for a switch back; doubling builds its own ladder
                : Tiers.Select((t, i) => new LockoutTier { Failures = t.Failures, Duration = i < durations.Count ? durations[i] : null }).ToList(),
            FailureWindow = window.Value,
            MaxConsecutiveFailures = MaxConsecutiveFailures,
            DeviceFailures = DeviceFailures,
            ShowRemainingAttempts = ShowRemainingAttempts,
            Mode = Mode,
            FailuresPerLock = doubling ? FailuresPerLock : current.FailuresPerLock,
            FirstDuration = first.Value,
            Multiplier = doubling ? Multiplier : current.Multiplier,
            MaxDuration = longest.Value,

            // Not on this form: kept as they are.
            CountRepeatedPasswordsOnce = current.CountRepeatedPasswordsOnce,
            RepeatedPasswordsKept = current.RepeatedPasswordsKept,
            MinimumInterval = current.MinimumInterval,
        };
    }
}

/// <summary>The address blocking policy as the Policy page edits it, each duration by its name.</summary>
public sealed class BlockingEdit
{
    public int Failures { get; set; }

    public DurationField Window { get; set; } = new("");

    public DurationField BlockDuration { get; set; } = new("");

    public DurationField MaxBlockDuration { get; set; } = new("");

    public DurationField RepeatWindow { get; set; } = new("");

    /// <summary>The durations in the order the form shows them, with their labels.</summary>
    public IReadOnlyList<(string Label, DurationField Field)> Durations =>
    [
        ("Counted within", Window),
        ("First block lasts", BlockDuration),
        ("Longest block", MaxBlockDuration),
        ("Repeats double within", RepeatWindow),
    ];

    public static BlockingEdit From(AddressBlockingOptions o) => new()
    {
        Failures = o.Failures,
        Window = new(o.Window),
        BlockDuration = new(o.BlockDuration),
        MaxBlockDuration = new(o.MaxBlockDuration),
        RepeatWindow = new(o.RepeatWindow),
    };

    /// <summary>The policy as edited, or null when a duration does not read; honeypot names are kept from <paramref name="current"/>.</summary>
    public AddressBlockingOptions? ToOptions(AddressBlockingOptions current)
    {
        // Parse every field, so each one that does not read shows its message.
        var window = Window.Parse();
        var block = BlockDuration.Parse();
        var longest = MaxBlockDuration.Parse();
        var repeat = RepeatWindow.Parse();
        if (window is null || block is null || longest is null || repeat is null)
        {
            return null;
        }

        return new AddressBlockingOptions
        {
            Failures = Failures,
            Window = window.Value,
            BlockDuration = block.Value,
            MaxBlockDuration = longest.Value,
            RepeatWindow = repeat.Value,
            HoneypotNames = [.. current.HoneypotNames], // not on this form: kept as they are
        };
    }
}
