using OpenIddict.Abstractions;

namespace AdminConsole.Core.OpenId;

/// <summary>The scopes this provider offers, and the claims each one releases.</summary>
public static class OpenIdScopes
{
    public const string Roles = OpenIddictConstants.Scopes.Roles;

    public static readonly IReadOnlyList<string> Supported =
    [
        OpenIddictConstants.Scopes.OpenId,
        OpenIddictConstants.Scopes.Email,
        OpenIddictConstants.Scopes.Profile,
        OpenIddictConstants.Scopes.Roles,
        OpenIddictConstants.Scopes.OfflineAccess,
    ];
}
