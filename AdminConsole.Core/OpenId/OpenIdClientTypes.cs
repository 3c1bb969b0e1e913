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
}
