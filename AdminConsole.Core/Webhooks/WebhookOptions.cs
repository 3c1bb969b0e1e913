namespace AdminConsole.Core.Webhooks;

/// <summary><c>Webhooks:*</c>: where deliveries may go and how hard they are tried.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Allow targets on loopback, private, link-local and other non-public addresses, and plain HTTP. Off by default:
    /// a webhook must not become a way to reach the console's own network (SSRF).
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Tries before a delivery is given up (it stays in the log and can be retried by hand).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The longest wait between tries; waits double from 5 seconds up to this.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one try may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the outbox is checked when nothing signals it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    public int BatchSize { get; set; } = 20;
}
