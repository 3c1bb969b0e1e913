using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AdminConsole.Core.OpenId;

/// <summary>
/// The token API's own client. <c>/api/account/token</c>, <c>/token/refresh</c> and <c>/token/revoke</c> keep their
/// JSON shapes but are token and revocation endpoints of the OpenID Connect server for this client: the same
/// signing keys, the same token store and the same refresh-token reuse detection as every other application.
/// </summary>
public static class ApiTokenClient
{
    public const string ClientId = "adminconsole-api";

    /// <summary>
    /// The grant of <c>/api/account/token</c>: the endpoint checks the password itself, through the counted sign-in
    /// pipeline. Only this client holds the permission, and the discovery document does not offer it.
    /// </summary>
    public const string PasswordGrant = "urn:adminconsole:grant-type:account-password";

    public const string TokenPath = "/api/account/token";
    public const string RefreshPath = "/api/account/token/refresh";
    public const string RevokePath = "/api/account/token/revoke";

    /// <summary>The stored form of the client: public, token and revocation endpoints, this grant and refresh tokens.</summary>
    public static OpenIddictApplicationDescriptor Describe()
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            DisplayName = "AdminConsole token API",
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
        };
        descriptor.Properties[OpenIdClientSync.SourceProperty] = JsonSerializer.SerializeToElement(OpenIdClientSync.BuiltIn);
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Token, Permissions.Endpoints.Revocation,
            Permissions.Prefixes.GrantType + PasswordGrant, Permissions.GrantTypes.RefreshToken,
        ]);
        return descriptor;
    }
}
