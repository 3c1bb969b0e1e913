using AdminConsole.Core.Identity;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.SignIn;

/// <summary>
/// Admission control in front of the password hash (<c>Admission</c> section). The hash is the one expensive step
/// of a sign-in; these bound how many run at once and how many wait, so an attack is answered fast instead of
/// queueing without bound.
/// </summary>
public sealed class AdmissionOptions
{
    public const string Section = "Admission";

    /// <summary>
    /// Hashes verified at once for sign-ins from devices not seen before; 0 means one less than the processor count
    /// (at least one), which leaves a core for answering everything else, known devices included, under attack.
    /// </summary>
    public int ConcurrentHashes { get; set; }

    /// <summary>Sign-ins waiting for one of those slots; beyond it they are answered 503 at once. 0 means twice the slots.</summary>
    public int QueueLength { get; set; }

    /// <summary>The <c>Retry-After</c> given to a sign-in turned away.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a device that signed in stays known: its sign-ins for that account skip the shared queue.</summary>
    public TimeSpan KnownDeviceLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Leading zero bits of the proof-of-work puzzle a new device is handed when the strangers' lane is full (about
    /// 16,000 hashes at 14, well under a second in a browser); it grows with the pressure. 0 turns puzzles off.
    /// </summary>
    public int PuzzleDifficulty { get; set; } = 14;

    /// <summary>How long a puzzle may be solved and spent.</summary>
    public TimeSpan PuzzleLifetime { get; set; } = TimeSpan.FromMinutes(2);

    internal int Slots => ConcurrentHashes > 0 ? ConcurrentHashes : Math.Max(1, Environment.ProcessorCount - 1);

    internal int Queue => QueueLength > 0 ? QueueLength : 2 * Slots;
}
