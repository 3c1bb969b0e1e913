using System.Globalization;
using System.Security.Claims;
using AdminConsole.Components.Account;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.OpenId;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AdminConsole.OpenId;

/// <summary>
/// The pass-through endpoints of the OpenID Connect provider. OpenIddict has already checked the request (client,
/// exact redirect URI, PKCE, code, refresh token, secret); these decide who is signed in: the person of the
/// existing sign-in cookie, after the one counted sign-in pipeline, refused when the account may not sign in now.
/// </summary>
internal static class OpenIdEndpoints
{
    private const string Scheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IEndpointRouteBuilder MapOpenIdEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("connect/token", TokenAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription()
            .RequireRateLimiting(Protection.RateLimiting.SignIn);
        app.MapPost(ApiTokenClient.RefreshPath, TokenAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription()
            .RequireRateLimiting(Protection.RateLimiting.SignIn);
        app.MapMethods("connect/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfoAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapMethods("connect/logout", [HttpMethods.Get, HttpMethods.Post], EndSessionAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext http, UserManager<AppUser> users, IOpenIddictApplicationManager applications, LoginAttemptRecorder recorder,
        BackChannelLogouts logouts, TimeProvider time)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not handle this request.");
        var cookie = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var started = StartedAt(cookie.Principal);

        // prompt=login and max_age ask for a fresh password. The sign-in page ends whatever session the browser
        // holds before it signs anyone in, so the request it returns to (without them) meets a fresh session.
        var fresh = cookie.Succeeded && started is { } s && !request.HasPromptValue(PromptValues.Login)
            && (request.MaxAge is not { } maxAge || time.GetUtcNow() - s <= TimeSpan.FromSeconds(maxAge));
        if (!fresh)
        {
            return request.HasPromptValue(PromptValues.None)
                ? Refuse(Errors.LoginRequired, "The user is not signed in.")
                : Results.Challenge(new AuthenticationProperties { RedirectUri = await ReturnUrlAsync(http) }, [IdentityConstants.ApplicationScheme]);
        }

        var user = await users.GetUserAsync(cookie.Principal!);
        var application = await applications.FindByClientIdAsync(request.ClientId!, http.RequestAborted)
            ?? throw new InvalidOperationException("OpenIddict let an unknown client through.");
        if (user is null)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = await ReturnUrlAsync(http) }, [IdentityConstants.ApplicationScheme]);
        }

        if (await RefusalAsync(users, user) is { } outcome)
        {
            var attempt = ClientInfo.From(http).Attempt(user.NormalizedUserName ?? "", user.Id);
            attempt.Outcome = outcome;
            attempt.ClientId = request.ClientId;
            await recorder.RecordRefusalAsync(attempt, http.RequestAborted);
            return Refuse(Errors.AccessDenied, "The account may not sign in now.");
        }

        var properties = await applications.GetPropertiesAsync(application, http.RequestAborted);
        if (properties.TryGetValue(OpenIdClientTypes.RequireTwoFactorProperty, out var required) && required.ValueKind == System.Text.Json.JsonValueKind.True
            && !AuthenticationMethods.IsMultiFactor(cookie.Principal))
        {
            return Refuse(Errors.AccessDenied, "This application needs a sign-in with a second factor: set up an authenticator or a passkey on your account page, then sign in again.");
        }

        var identity = await IdentityAsync(users, user, request.GetScopes());
        identity.SetClaim(Claims.AuthenticationTime, started!.Value.ToUnixTimeSeconds());
        if (cookie.Principal!.FindFirstValue(SessionCookies.SessionClaim) is { } session)
        {
            // The application learns the session's public form (sid), which its back-channel logout will name.
            identity.SetClaim(OpenIdClaims.Session, session);
            identity.SetClaim(BackChannelLogouts.SessionIdClaim, BackChannelLogouts.SessionIdentifier(session));
            await logouts.SignedInAsync(session, request.ClientId!, http.RequestAborted);
        }

        identity.SetDestinations(DestinationsOf);
        return Results.SignIn(new ClaimsPrincipal(identity), null, Scheme);
    }

    private static async Task<IResult> TokenAsync(
        HttpContext http, UserManager<AppUser> users, IOpenIddictApplicationManager applications, Core.Sessions.TokenService tokens,
        RefreshTokenRedemption redemption, Core.Sessions.SessionStore sessions)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not handle this request.");
        if (request.GrantType == ApiTokenClient.PasswordGrant)
        {
            // Served only at /api/account/token (TokenApi), which checks the password through the counted pipeline.
            return Refuse(Errors.UnsupportedGrantType, "This grant is not offered here.");
        }

        if (request.IsClientCredentialsGrantType())
        {
            // The client acts for itself: its id is the subject.
            var application = await applications.FindByClientIdAsync(request.ClientId!, http.RequestAborted)
                ?? throw new InvalidOperationException("OpenIddict let an unknown client through.");
            var identity = new ClaimsIdentity(Scheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId);
            identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, http.RequestAborted));
            identity.SetScopes(request.GetScopes().Where(scope => scope is not Scopes.OpenId and not Scopes.OfflineAccess));
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), null, Scheme);
        }

        // A code or a refresh token that OpenIddict accepted: the account must still be allowed to sign in, and the
        // claims are read again (roles or email may have changed since).
        var result = await http.AuthenticateAsync(Scheme);
        if (request.IsRefreshTokenGrantType() && !await redemption.TrySpendAsync(result.Principal?.GetTokenId(), http.RequestAborted))
        {
            return Refuse(Errors.InvalidGrant, "The refresh token has already been used.");
        }

        var user = await users.FindByIdAsync(result.Principal?.GetClaim(Claims.Subject) ?? "");
        if (user is null)
        {
            return Refuse(Errors.InvalidGrant, "The account no longer exists.");
        }

        if (await RefusalAsync(users, user) is { } outcome)
        {
            new TokenRefusal(user.NormalizedUserName ?? "", user.Id, outcome).Attach(http);
            return Refuse(Errors.InvalidGrant, "The account may not sign in now.");
        }

        var granted = result.Principal!;
        if (granted.GetPresenters().Contains(ApiTokenClient.ClientId))
        {
            // A token API refresh: its session must still be open (ending a session ends its refresh tokens).
            return await tokens.RenewAsync(user, granted.GetClaim(OpenIdClaims.Session), http.RequestAborted) is { } principal
                ? Results.SignIn(principal, null, Scheme)
                : Refuse(Errors.InvalidGrant, "The session of this token has ended.");
        }

        // An application's grant lives as long as the sign-in it came from: once that session is ended (its sign-out,
        // sign out everywhere, an admin, a lock, a password reset), its codes and refresh tokens are refused too, so a
        // stolen refresh token does not outlast the response to the theft. Idle or absolute expiry of the browser
        // session alone does not end the grant.
        if (granted.GetClaim(OpenIdClaims.Session) is not { Length: > 0 } session
            || !await sessions.IsNotEndedAsync(session, user.Id, http.RequestAborted))
        {
            return Refuse(Errors.InvalidGrant, "The sign-in this grant came from has ended.");
        }

        var renewed = await IdentityAsync(users, user, granted.GetScopes());
        renewed.AddClaims(granted.Claims.Where(c => c.Type is Claims.AuthenticationTime or OpenIdClaims.Session or BackChannelLogouts.SessionIdClaim).Select(c => new Claim(c.Type, c.Value, c.ValueType)));

        renewed.SetDestinations(DestinationsOf);
        return Results.SignIn(new ClaimsPrincipal(renewed), null, Scheme);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext http, UserManager<AppUser> users)
    {
        var result = await http.AuthenticateAsync(Scheme);

        // Only a person's token: one issued to a client for itself (client credentials) never has the openid scope.
        var user = result.Principal?.HasScope(Scopes.OpenId) == true ? await users.FindByIdAsync(result.Principal.GetClaim(Claims.Subject) ?? "") : null;
        if (result.Principal is not { } principal || user is null || await RefusalAsync(users, user) is not null)
        {
            return Results.Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The access token is no longer valid.",
                }),
                [Scheme]);
        }

        var answer = new Dictionary<string, object> { [Claims.Subject] = user.Id };
        if (principal.HasScope(Scopes.Email))
        {
            answer[Claims.Email] = user.Email ?? "";
            answer[Claims.EmailVerified] = user.EmailConfirmed;
        }

        if (principal.HasScope(Scopes.Profile))
        {
            answer[Claims.Name] = user.UserName ?? "";
        }

        if (principal.HasScope(Scopes.Roles))
        {
            answer[Claims.Role] = await users.GetRolesAsync(user);
        }

        return Results.Ok(answer);
    }

    /// <summary>
    /// RP-initiated logout. OpenIddict has checked the <c>id_token_hint</c> and that the post-logout URI is one the
    /// client registered. Without a hint nothing is ended: any page could otherwise sign a person out with a link.
    /// The browser's session ends only when the hint names the person signed in.
    /// </summary>
    private static async Task<IResult> EndSessionAsync(HttpContext http, UserManager<AppUser> users)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not handle this request.");
        if (string.IsNullOrEmpty(request.IdTokenHint))
        {
            return Results.Text("Signing out of AdminConsole from an application needs the application's id_token_hint.", statusCode: StatusCodes.Status400BadRequest);
        }

        var hint = await http.AuthenticateAsync(Scheme);
        var cookie = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (cookie.Succeeded && hint.Principal?.GetClaim(Claims.Subject) is { } subject && subject == users.GetUserId(cookie.Principal!))
        {
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        }

        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [Scheme]);
    }

    /// <summary>Why the account may not sign in now, or null when it may (the same rules as its cookies and API tokens).</summary>
    private static async Task<LoginOutcome?> RefusalAsync(UserManager<AppUser> users, AppUser user) =>
        await users.IsLockedOutAsync(user) ? LoginOutcome.LockedOut
        : user.IsDisabled || user.PasswordChangeRequired ? LoginOutcome.NotAllowed
        : null;

    private static async Task<ClaimsIdentity> IdentityAsync(UserManager<AppUser> users, AppUser user, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(Scheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.EmailVerified, user.EmailConfirmed)
            .SetClaim(Claims.Name, user.UserName)
            .SetClaims(Claims.Role, [.. await users.GetRolesAsync(user)]);
        identity.SetScopes(scopes);
        return identity;
    }

    /// <summary>Which tokens carry a claim: only what the granted scopes release; our own claims stay in codes and refresh tokens.</summary>
    private static IEnumerable<string> DestinationsOf(Claim claim)
    {
        var scopes = claim.Subject?.GetScopes() ?? [];
        return claim.Type switch
        {
            Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.AuthenticationTime or BackChannelLogouts.SessionIdClaim => [Destinations.IdentityToken],
            Claims.Email or Claims.EmailVerified when scopes.Contains(Scopes.Email) => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Name when scopes.Contains(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Role when scopes.Contains(Scopes.Roles) => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [],
        };
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [Scheme]);

    private static DateTimeOffset? StartedAt(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirstValue(SessionCookies.StartedClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>This authorize request as a local URL, without <c>prompt</c> and <c>max_age</c>, for the sign-in page to return to.</summary>
    private static async Task<string> ReturnUrlAsync(HttpContext http)
    {
        IEnumerable<KeyValuePair<string, StringValues>> parameters = HttpMethods.IsPost(http.Request.Method)
            ? await http.Request.ReadFormAsync(http.RequestAborted)
            : http.Request.Query;
        return http.Request.PathBase + http.Request.Path
            + QueryString.Create(parameters.Where(p => p.Key is not Parameters.Prompt and not Parameters.MaxAge));
    }
}
