namespace AdminConsole.Core.IpProtection;

/// <summary><c>Network:*</c>: whose forwarded headers to believe, and which networks are always allowed.</summary>
public sealed class NetworkOptions
{
    public const string Section = "Network";

    /// <summary>Proxies (addresses or CIDR ranges) whose <c>X-Forwarded-For</c> is honoured. Empty: none.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Networks exempt from automatic blocks and request rate limits (never from account lockout).</summary>
    public List<string> AllowList { get; set; } = [];
}

/// <summary><c>AddressRules:*</c>: limits on rules admins add, and how often other instances' rules are picked up.</summary>
public sealed class AddressRuleOptions
{
    public const string Section = "AddressRules";

    /// <summary>The widest IPv4 range a rule may cover.</summary>
    public int WidestIPv4Prefix { get; set; } = 16;

    /// <summary>The widest IPv6 range a rule may cover.</summary>
    public int WidestIPv6Prefix { get; set; } = 48;

    /// <summary>How often rules are re-read, for rules written by another instance.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary><c>AddressBlocking:*</c>: automatic blocks of addresses that fail too often.</summary>
public sealed class AddressBlockingOptions
{
    public const string Section = "AddressBlocking";

    /// <summary>Failures from one address within <see cref="Window"/> that block it.</summary>
    public int Failures { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The first block's length; each repeat within <see cref="RepeatWindow"/> doubles it.</summary>
    public TimeSpan BlockDuration { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan MaxBlockDuration { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Names no account has or may have: a full address (<c>admin@example.com</c>) or a local part with a trailing
    /// <c>@</c> (<c>administrator@</c>, any domain). A sign-in attempt at one blocks the address at once.
    /// </summary>
    public List<string> HoneypotNames { get; set; } = [];
}
