using AdminConsole.Core.Identity;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.SignIn;

/// <summary>Slot and queue sizes are automatic (0) or counts; the timings positive; the puzzle bounded.</summary>
public sealed class AdmissionOptionsValidator : IValidateOptions<AdmissionOptions>
{
    /// <summary>The hardest puzzle: about 16 million hashes, already minutes on a slow phone.</summary>
    public const int HardestPuzzle = 24;

    public ValidateOptionsResult Validate(string? name, AdmissionOptions o) => OptionsRules.Check(
        (o.ConcurrentHashes >= 0 && o.QueueLength >= 0, "Admission:ConcurrentHashes and QueueLength must be 0 (automatic) or more."),
        (o.RetryAfter > TimeSpan.Zero && o.KnownDeviceLifetime > TimeSpan.Zero, "Admission:RetryAfter and KnownDeviceLifetime must be positive."),
        (o.PuzzleDifficulty is >= 0 and <= HardestPuzzle && o.PuzzleLifetime > TimeSpan.Zero,
            "Admission:PuzzleDifficulty must be from 0 (off) to 24, and PuzzleLifetime positive."));
}
