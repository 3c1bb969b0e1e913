namespace AdminConsole.Core.OpenId;

/// <summary><c>OpenId:*</c>: AdminConsole as an OpenID Connect provider for other applications.</summary>
public sealed class OpenIdOptions
{
    public const string Section = "OpenId";

    /// <summary>How long an access token (a signed JWT any resource server can check against the JWKS) is accepted.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an authorization code may wait to be redeemed (once).</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a refresh token may wait to be used; each use spends it and gives the next.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long one key signs (and encrypts codes and refresh tokens) before the next one takes over.</summary>
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long before it is used a new key is published, so that every relying party has seen it first.</summary>
    public TimeSpan KeyPublishedAhead { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often each instance rereads the keys from the database and makes the next one when it is due.</summary>
    public TimeSpan KeyCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Back-channel logouts may go to loopback, private and link-local addresses (applications inside your own
    /// network). Off by default, as for webhooks: a registered URI could otherwise reach the console's own network.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>
    /// Wrong client secrets within <see cref="ClientFailureWindow"/> that lock a confidential application until an
    /// admin unlocks it, as wrong passwords lock an account.
    /// </summary>
    public int ClientFailures { get; set; } = 10;

    public TimeSpan ClientFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Applications that sign users in here, kept in sync with the application store at start.</summary>
    public List<OpenIdClientOptions> Clients { get; set; } = [];
}

/// <summary><c>OpenId:Clients:N:*</c>: one application.</summary>
public sealed class OpenIdClientOptions
{
    public string? ClientId { get; set; }

    public string? DisplayName { get; set; }

    /// <summary><c>public</c> (a browser or native app: no secret, PKCE) or <c>confidential</c> (a server with a secret).</summary>
    public string? Type { get; set; }

    public string? ClientSecret { get; set; }

    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];

    public string? BackChannelLogoutUri { get; set; }

    /// <summary>Scopes the application may ask for, from <see cref="OpenIdScopes.Supported"/>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Sign-ins for this application need a session that passed a second factor.</summary>
    public bool RequireTwoFactor { get; set; }

    /// <summary><c>implicit</c>: no consent page (the only mode offered so far).</summary>
    public string? Consent { get; set; } = OpenIdClientTypes.ImplicitConsent;
}
