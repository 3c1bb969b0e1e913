using System.Text.Json;
using AdminConsole.Api;
using Microsoft.AspNetCore;
using AdminConsole.Core.OpenId;
using AdminConsole.Core.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlerFilters;
using static OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AdminConsole.OpenId;

/// <summary>
/// The token API's JSON shapes on OpenIddict's token and revocation endpoints (<see cref="ApiTokenClient"/>): its
/// requests are read from JSON instead of a form, for the built-in client, and its answers are written as
/// <see cref="TokenPair"/> and problem+json. The protocol in between (token validation, reference refresh tokens
/// redeemed once, reuse detection, signing) is OpenIddict's, as for every other application.
/// </summary>
internal static class ApiTokenProtocol
{
    private const int MaxBody = 4096;
    private const int MaxToken = 128;

    public static OpenIddictServerBuilder AddApiTokenProtocol(this OpenIddictServerBuilder server) => server
        .RemoveEventHandler(ExtractPostRequest<ExtractTokenRequestContext>.Descriptor)
        .RemoveEventHandler(ExtractPostRequest<ExtractRevocationRequestContext>.Descriptor)
        .AddEventHandler(JsonOrFormRequest<ExtractTokenRequestContext>.Descriptor)
        .AddEventHandler(JsonOrFormRequest<ExtractRevocationRequestContext>.Descriptor)
        .AddEventHandler(TokenAnswer.Descriptor)
        .AddEventHandler(RevocationAnswer.Descriptor)
        .AddEventHandler(RevocationEndsSession.Descriptor)
        .AddEventHandler(HiddenGrant.Descriptor);

    private static bool IsApi(HttpRequest? request) => request?.Path.StartsWithSegments(ApiTokenClient.TokenPath) == true;

    /// <summary>OpenIddict's form reading for every other path; the token API's JSON for its three.</summary>
    public sealed class JsonOrFormRequest<TContext> : IOpenIddictServerHandler<TContext> where TContext : BaseValidatingContext
    {
        private readonly ExtractPostRequest<TContext> form = new();

        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .AddFilter<RequireHttpRequest>()
            .UseSingletonHandler<JsonOrFormRequest<TContext>>()
            .SetOrder(ExtractPostRequest<TContext>.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(TContext context)
        {
            var http = context.Transaction.GetHttpRequest();
            if (!IsApi(http))
            {
                await form.HandleAsync(context);
                return;
            }

            var path = http!.Path;
            if (path == ApiTokenClient.TokenPath)
            {
                // The endpoint binds and checks the body itself and signs in through the counted pipeline.
                context.Transaction.Request = new OpenIddictRequest { GrantType = ApiTokenClient.PasswordGrant, ClientId = ApiTokenClient.ClientId };
                return;
            }

            // The body's token, or else the cookie's (a browser client that asked for the cookie at sign-in).
            var token = await RefreshTokenAsync(http, context.CancellationToken) ?? RefreshCookie.Read(http.HttpContext);
            context.Transaction.Request = path == ApiTokenClient.RefreshPath
                ? new OpenIddictRequest { GrantType = GrantTypes.RefreshToken, RefreshToken = token, ClientId = ApiTokenClient.ClientId }
                : new OpenIddictRequest { Token = token, TokenTypeHint = TokenTypeHints.RefreshToken, ClientId = ApiTokenClient.ClientId };
        }

        /// <summary><c>{ "refreshToken": "..." }</c>, or null for anything else (OpenIddict then answers invalid_request).</summary>
        private static async Task<string?> RefreshTokenAsync(HttpRequest request, CancellationToken cancellationToken)
        {
            if (!request.HasJsonContentType() || request.ContentLength > MaxBody)
            {
                return null;
            }

            try
            {
                // The API's JSON options: a body that names a field twice is refused like every other JSON body.
                var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
                var body = await request.ReadFromJsonAsync<TokenApi.RefreshRequest>(json, cancellationToken);
                return body?.RefreshToken is { Length: > 0 and <= MaxToken } token ? token : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>A token answer to the token API in its own shape: the pair, or problem+json.</summary>
    public sealed class TokenAnswer : IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .AddFilter<RequireHttpRequest>()
            .UseSingletonHandler<TokenAnswer>()
            .SetOrder(ProcessJsonResponse<ApplyTokenResponseContext>.Descriptor.Order - 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ApplyTokenResponseContext context)
        {
            var http = context.Transaction.GetHttpRequest()?.HttpContext;
            if (!IsApi(http?.Request))
            {
                return;
            }

            var response = context.Response;
            var inCookie = RefreshCookie.Asked(http!);
            if (inCookie && response.Error is null)
            {
                RefreshCookie.Write(http!, response.RefreshToken!);
            }
            else if (inCookie)
            {
                RefreshCookie.Clear(http!); // spent, revoked or unknown: a browser client signs in again
            }

            var answer = response.Error switch
            {
                null => TypedResults.Json(
                    new TokenPair(response.AccessToken!, TokenTypes.Bearer, (int)(response.ExpiresIn ?? 0), inCookie ? null : response.RefreshToken!),
                    JsonSerializerOptions.Web, statusCode: StatusCodes.Status200OK),
                Errors.InvalidRequest when http!.Request.Path == ApiTokenClient.RefreshPath && string.IsNullOrEmpty(context.Request?.RefreshToken) =>
                    AccountApi.Invalid(new Dictionary<string, string[]> { ["refreshToken"] = ["Send { \"refreshToken\": \"...\" }."] }),
                Errors.InvalidRequest => AccountApi.Problem(new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The token request is not valid.",
                    Detail = response.ErrorDescription, // e.g. the server only accepts HTTPS requests
                }),
                _ => AccountApi.Problem(new ProblemDetails
                {
                    Status = StatusCodes.Status401Unauthorized,
                    Title = "The refresh token is not valid.",
                    Detail = "Sign in again to get new tokens.",
                }),
            };
            await answer.ExecuteAsync(http!);
            context.HandleRequest();
        }
    }

    /// <summary>Revoking answers 204 whether the token was known (revoking tells nothing), 400 without a token.</summary>
    public sealed class RevocationAnswer : IOpenIddictServerHandler<ApplyRevocationResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyRevocationResponseContext>()
            .AddFilter<RequireHttpRequest>()
            .UseSingletonHandler<RevocationAnswer>()
            .SetOrder(ProcessJsonResponse<ApplyRevocationResponseContext>.Descriptor.Order - 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ApplyRevocationResponseContext context)
        {
            var http = context.Transaction.GetHttpRequest()?.HttpContext;
            if (!IsApi(http?.Request))
            {
                return;
            }

            if (RefreshCookie.Asked(http!))
            {
                RefreshCookie.Clear(http!);
            }

            var answer = context.Response.Error == Errors.InvalidRequest && string.IsNullOrEmpty(context.Request?.Token)
                ? AccountApi.Invalid(new Dictionary<string, string[]> { ["refreshToken"] = ["Send { \"refreshToken\": \"...\" }."] })
                : TypedResults.NoContent();
            await answer.ExecuteAsync(http!);
            context.HandleRequest();
        }
    }

    /// <summary>Revoking a token API refresh token ends its session, so its access tokens stop at once too.</summary>
    public sealed class RevocationEndsSession(SessionStore sessions) : IOpenIddictServerHandler<HandleRevocationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<RevocationEndsSession>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(HandleRevocationRequestContext context)
        {
            if (context.GenericTokenPrincipal is { } principal && principal.GetPresenters().Contains(ApiTokenClient.ClientId)
                && principal.GetClaim(OpenIdClaims.Session) is { Length: > 0 } session)
            {
                await sessions.SignOutAsync(session, context.CancellationToken);
            }
        }
    }

    /// <summary>
    /// The discovery document: the token API's grant is not offered to other applications, and back-channel logout
    /// (with <c>sid</c>) is (<see cref="Core.OpenId.BackChannelLogoutSender"/>).
    /// </summary>
    public sealed class HiddenGrant : IOpenIddictServerHandler<ApplyConfigurationResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyConfigurationResponseContext>()
            .UseSingletonHandler<HiddenGrant>()
            .SetOrder(ProcessJsonResponse<ApplyConfigurationResponseContext>.Descriptor.Order - 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ApplyConfigurationResponseContext context)
        {
            if ((System.Collections.Immutable.ImmutableArray<string?>?)context.Response[Metadata.GrantTypesSupported] is { } grants)
            {
                context.Response[Metadata.GrantTypesSupported] = grants.Remove(ApiTokenClient.PasswordGrant);
            }

            context.Response["backchannel_logout_supported"] = true;
            context.Response["backchannel_logout_session_supported"] = true;

            return ValueTask.CompletedTask;
        }
    }
}
