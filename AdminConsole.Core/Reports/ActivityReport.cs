namespace AdminConsole.Core.Reports;

/// <summary>A figure in the range and in the equal range before it.</summary>
public sealed record Change(long Current, long Previous)
{
    /// <summary>The change in percent; null when there was nothing before.</summary>
    public double? Percent => Previous == 0 ? null : (Current - Previous) * 100.0 / Previous;

    public string Describe() => Percent is { } p ? $"{(p >= 0 ? "+" : "")}{p:F0}%" : Current == 0 ? "0" : "new";
}

/// <summary>One row of a ranked list, with its figure in the previous range.</summary>
public sealed record RankedChange(string Name, long Count, long PreviousCount);

/// <summary>A spray or distributed attack the attack scan found (its security event).</summary>
public sealed record AttackFinding(DateTimeOffset At, string Subject, int Figure);

/// <summary>The suspicious-activity report of one range, each figure beside the equal range before it.</summary>
public sealed record ActivityReport(
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset PreviousFrom,
    Change FailedSignIns,
    Change AttackingAddresses,
    Change TargetedAccounts,
    Change Sprays,
    Change DistributedAttacks,
    IReadOnlyDictionary<int, Change> LocksByTier,
    Change Blocks,
    Change NewDevices,
    IReadOnlyList<RankedChange> TopAddresses,
    IReadOnlyList<RankedChange> TopNetworks,
    IReadOnlyList<RankedChange> TopAccounts,
    IReadOnlyList<AttackFinding> SprayFindings,
    IReadOnlyList<AttackFinding> DistributedFindings,
    IReadOnlyList<RankedChange> TopCountries)
{
    public Change Locks => new(LocksByTier.Values.Sum(c => c.Current), LocksByTier.Values.Sum(c => c.Previous));
}
