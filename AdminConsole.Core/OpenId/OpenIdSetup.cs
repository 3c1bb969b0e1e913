using AdminConsole.Core.Data;
using AdminConsole.Core.Links;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenIddict.Server;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AdminConsole.Core.OpenId;

/// <summary>
/// The OpenID Connect provider (<c>OpenId:*</c>): OpenIddict's stores in <see cref="SecurityDbContext"/>, the protocol
/// server with its keys from <see cref="OpenIdKeyRing"/>, and the applications from configuration. The web app adds
/// the HTTP host and the endpoints that sign people in through the existing pages.
/// </summary>
public static class OpenIdSetup
{
    public static IHostApplicationBuilder AddOpenIdProvider(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<OpenIdOptions, OpenIdOptionsValidator>(OpenIdOptions.Section);
        services.TryAddSingleton<OpenIdKeyRing>();
        services.TryAddScoped<RefreshTokenRedemption>();
        services.TryAddScoped<BackChannelLogouts>();
        services.TryAddScoped<ApplicationService>();
        services.TryAddScoped<UserApplications>();
        services.TryAddSingleton<ClientLockout>();
        services.TryAddSingleton<BackChannelLogoutSignal>();
        services.AddHttpClient(BackChannelLogoutSender.ClientName).ConfigurePrimaryHttpMessageHandler(sp =>
        {
            var openId = sp.GetRequiredService<IOptionsMonitor<OpenIdOptions>>();
            return new Webhooks.WebhookTargets(() => openId.CurrentValue.AllowPrivateTargets, $"{OpenIdOptions.Section}:{nameof(OpenIdOptions.AllowPrivateTargets)}").CreateHandler();
        });
        services.AddHostedService<BackChannelLogoutSender>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<OpenIdKeyRing>());
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>>(sp => sp.GetRequiredService<OpenIdKeyRing>());
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictValidationOptions>>(sp => sp.GetRequiredService<OpenIdKeyRing>());
        services.AddHostedService<OpenIdKeyRotation>();

        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<SecurityDbContext>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token", ApiTokenClient.TokenPath.TrimStart('/'), ApiTokenClient.RefreshPath.TrimStart('/'))
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/logout")
                    .SetRevocationEndpointUris("connect/revoke", ApiTokenClient.RevokePath.TrimStart('/'))
                    .SetIntrospectionEndpointUris("connect/introspect");

                // Code (with PKCE), refresh and client credentials only: no implicit, hybrid or password grant.
                o.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();

                // The token API's sign-in, for its built-in client only (ApiTokenClient).
                o.AllowCustomFlow(ApiTokenClient.PasswordGrant);

                // Refresh tokens are short opaque references to an entry in the store (which keeps a hash of them).
                o.UseReferenceRefreshTokens();
                o.RegisterScopes([.. OpenIdScopes.Supported]);
                o.RegisterClaims(Claims.Subject, Claims.Email, Claims.EmailVerified, Claims.Name, Claims.Role, Claims.AuthenticationTime);

                // Access tokens are plain signed JWTs, so any resource server can check them against the JWKS.
                o.DisableAccessTokenEncryption();

                // A redeemed refresh token is never accepted again, not even within seconds (RefreshTokenReuseHandler).
                o.SetRefreshTokenReuseLeeway(null);
                o.AddEventHandler(RefreshTokenReuseHandler.Descriptor);
                o.AddEventHandler(TokenFailureRecorder.Descriptor);
            });

        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<OpenIdOptions>, PublicLinks>((server, openId, links) =>
        {
            var o = openId.Value;

            // The issuer is the configured public address, never the Host header of a request.
            server.Issuer = links.Base;
            server.AccessTokenLifetime = o.AccessTokenLifetime;
            server.IdentityTokenLifetime = o.IdentityTokenLifetime;
            server.AuthorizationCodeLifetime = o.AuthorizationCodeLifetime;
            server.RefreshTokenLifetime = o.RefreshTokenLifetime;

            // PKCE with S256 only: "plain" gives an attacker who sees the request the verifier too.
            server.CodeChallengeMethods.Clear();
            server.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
        });
        return builder;
    }
}
