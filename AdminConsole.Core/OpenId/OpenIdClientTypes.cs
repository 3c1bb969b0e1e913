namespace AdminConsole.Core.OpenId;

/// <summary>The words configuration uses for an application's type and consent.</summary>
public static class OpenIdClientTypes
{
    public const string Public = "public";
    public const string Confidential = "confidential";
    public const string ImplicitConsent = "implicit";
    public const string ExplicitConsent = "explicit";

    /// <summary>Property of a stored application: sign-ins for it need a second factor.</summary>
    public const string RequireTwoFactorProperty = "adminconsole:require_2fa";

    /// <summary>Property of a stored application: where its sessions' back-channel logouts go.</summary>
    public const string BackChannelLogoutUriProperty = "adminconsole:backchannel_logout_uri";

    /// <summary>
    /// Property of a stored application: it is disabled. A disabled application holds no permissions (so OpenIddict
    /// refuses it at every endpoint); the ones it had wait in <see cref="HeldPermissionsProperty"/>.
    /// </summary>
    public const string DisabledProperty = "adminconsole:disabled";

    public const string HeldPermissionsProperty = "adminconsole:held_permissions";

    /// <summary>Property of a stored application: it was disabled by <see cref="ClientLockout"/>, not by an admin.</summary>
    public const string LockedProperty = "adminconsole:locked";

    /// <summary>Property of a stored application: when an admin last unlocked it (failures before then no longer count).</summary>
    public const string UnlockedAtProperty = "adminconsole:unlocked_at";
}
