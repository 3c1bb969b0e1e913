namespace AdminConsole.Core.Attempts;

/// <summary>One recorded sign-in attempt, whatever its outcome (ASVS 16.3.1).</summary>
public sealed class LoginAttempt
{
    public const int UserAgentMaxLength = 256;
    public const int UserNameMaxLength = 256;
    public const int AddressMaxLength = 64;
    public const int CountryLength = 2;
    public const int AsnOrganizationMaxLength = 128;

    public long Id { get; set; }

    private DateTimeOffset at;

    public DateTimeOffset At
    {
        get => at;
        set
        {
            at = value;
            Hour = value.UtcTicks / TimeSpan.TicksPerHour;
        }
    }

    /// <summary>Hours since 0001-01-01 UTC: lets the dashboard group by hour, day or week in SQL on any provider.</summary>
    public long Hour { get; private set; }

    /// <summary>The normalised user name as typed, whether or not an account has it.</summary>
    public required string UserName { get; set; }

    public string? UserId { get; set; }

    private string address = "";

    public required string Address
    {
        get => address;
        set
        {
            address = value;
            AddressKey = IpProtection.ClientAddress.SortKey(value);
        }
    }

    /// <summary>
    /// The address as 32 hex digits of its IPv6 form (IPv4 mapped), so that any CIDR range is one index range in
    /// SQL on any provider; null when the address is not an IP address.
    /// </summary>
    public string? AddressKey { get; private set; }

    public string? UserAgent { get; set; }

    /// <summary>The ISO 3166-1 alpha-2 country of the address when the attempt was made (<c>Geo:CountryDatabase</c>); null when unknown.</summary>
    public string? Country { get; set; }

    /// <summary>The autonomous system the address belonged to (<c>Geo:AsnDatabase</c>); null when unknown.</summary>
    public int? Asn { get; set; }

    public string? AsnOrganization { get; set; }

    /// <summary>The OpenID Connect client the attempt was for, as the request named it; null for AdminConsole itself.</summary>
    public string? ClientId { get; set; }

    public LoginOutcome Outcome { get; set; }

    /// <summary>The lockout tier in force after the attempt (0 = none).</summary>
    public int Tier { get; set; }

    /// <summary>How many requests this row stands for: 1, or N for a per-minute summary of rejected requests.</summary>
    public int Count { get; set; } = 1;

    /// <summary>
    /// A failure that came sooner after the previous failure of the same name from the same address than a person
    /// types (<see cref="Lockout.LockoutPolicyOptions.MinimumInterval"/>): answered like any failure, flagged for admins
    /// and the attack scan.
    /// </summary>
    public bool Automated { get; set; }

    /// <summary>
    /// The password sign-in's risk, 0 to 100, as scored before its hash (<see cref="SignIn.SignInRisk"/>); null for
    /// attempts that are not password sign-ins (passkeys, tokens, summaries of refusals).
    /// </summary>
    public int? RiskScore { get; set; }
}
