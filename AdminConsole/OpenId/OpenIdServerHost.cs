using AdminConsole.Core.OpenId;

namespace AdminConsole.OpenId;

/// <summary>
/// OpenIddict on ASP.NET Core: the authorize, token, userinfo and end-session requests are validated by OpenIddict,
/// then passed through to <see cref="OpenIdEndpoints"/>, which sign people in through the existing pages.
/// Discovery (<c>/.well-known/openid-configuration</c>), the JWKS, revocation and introspection are OpenIddict's own.
/// </summary>
internal static class OpenIdServerHost
{
    public static WebApplicationBuilder AddOpenIdServerHost(this WebApplicationBuilder builder)
    {
        var host = builder.Services.AddOpenIddict().AddServer().UseAspNetCore()
            .EnableAuthorizationEndpointPassthrough()
            .EnableTokenEndpointPassthrough()
            .EnableUserInfoEndpointPassthrough()
            .EnableEndSessionEndpointPassthrough();
        builder.Services.AddOpenIddict().AddServer().AddApiTokenProtocol();

        // Development talks plain HTTP on loopback; everywhere else the protocol needs HTTPS, directly or as a trusted
        // proxy's X-Forwarded-Proto says (like the pages, ForwardedHeadersSetup).
        if (builder.Environment.IsDevelopment())
        {
            host.DisableTransportSecurityRequirement();
        }

        return builder;
    }
}
