using AdminConsole.Core.Attempts;
using AdminConsole.Core.Sessions;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AdminConsole.Core.OpenId;

/// <summary>
/// A redeemed refresh token presented again means it was copied: the whole grant (the authorization and, through
/// OpenIddict's <c>ValidateTokenEntry</c> that runs next, every token of it) is revoked, the session that authorized
/// it ends, and the same Critical <c>RefreshTokenReuse</c> event as the token API's tells admins and the owner
/// (<see cref="TokenService.ReusedAsync"/>). OpenIddict's reuse leeway is off (<see cref="OpenIdSetup"/>), so there is
/// no window in which a replay is let through.
/// </summary>
public sealed class RefreshTokenReuseHandler(
    IOpenIddictTokenManager tokens,
    IOpenIddictAuthorizationManager authorizations,
    TokenService tokenService,
    IHttpContextAccessor accessor,
    ILogger<RefreshTokenReuseHandler> logger,
    TimeProvider time) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireTokenStorageEnabled>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireTokenIdResolved>()
        .UseScopedHandler<RefreshTokenReuseHandler>()
        .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        // Only a refresh, where the token is spent: a revocation of a spent token is no replay.
        if (context.EndpointType != OpenIddictServerEndpointType.Token
            || context.Principal is not { } principal || !principal.HasTokenType(OpenIddictConstants.TokenTypeIdentifiers.RefreshToken)
            || await tokens.FindByIdAsync(context.TokenId!) is not { } token
            || !await tokens.HasStatusAsync(token, OpenIddictConstants.Statuses.Redeemed))
        {
            return;
        }

        var clientId = principal.GetPresenters().FirstOrDefault();
        OpenIdLog.RefreshTokenReuse(logger, clientId, context.AuthorizationId);
        if (context.AuthorizationId is { Length: > 0 } authorizationId && await authorizations.FindByIdAsync(authorizationId) is { } authorization)
        {
            await authorizations.TryRevokeAsync(authorization);
        }

        if (principal.GetClaim(OpenIdClaims.Session) is { Length: > 0 } session)
        {
            var http = accessor.HttpContext;
            await tokenService.ReusedAsync(session, OpenIdRequestClient.Clean(clientId), ClientInfo.From(http).Address, time.GetUtcNow(), http?.RequestAborted ?? CancellationToken.None);
        }
    }
}
