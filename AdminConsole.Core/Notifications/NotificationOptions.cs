namespace AdminConsole.Core.Notifications;

/// <summary><c>Notifications:*</c>: who gets Critical alerts by mail, how alerts aggregate, what counts as an attack.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Mail addresses for Critical notifications; empty: every SecurityAdmin.</summary>
    public List<string> AdminRecipients { get; set; } = [];

    /// <summary>Repeats of one type about one subject within this window update one notification.</summary>
    public TimeSpan AggregationWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often recent failures are scanned for spraying and distributed attacks.</summary>
    public TimeSpan DetectionInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The span of recent failures the scan looks at.</summary>
    public TimeSpan DetectionWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Password spraying: one address failing against at least this many accounts within the window.</summary>
    public int SprayingAccounts { get; set; } = 10;

    /// <summary>Distributed attack: one account failing from at least this many addresses within the window.</summary>
    public int DistributedAddresses { get; set; } = 10;

    /// <summary>
    /// Automated sign-ins: at least this many failures against one account within the window flagged as faster
    /// than a person types (<c>Lockout:MinimumInterval</c>).
    /// </summary>
    public int AutomatedFailures { get; set; } = 5;
}
