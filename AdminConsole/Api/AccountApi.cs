using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using System.Text.Json;
using AdminConsole.Core.Lockout;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AdminConsole.Api;

/// <summary>Sign-in for API clients: the same pipeline as the form, answered as problem+json.</summary>
public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(SignInPaths[0], LoginAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(Protection.RateLimiting.SignIn)
            .WithSignInBody()
            .WithName("Login");
        app.MapPost(UnlockLinkPath, RequestUnlockLinkAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(Protection.RateLimiting.PasswordReset)
            .WithMetadata(new RequestSizeLimitAttribute(UnlockLinkRequest.MaxBodyBytes), new ApiBadRequestTitle(UnlockLinkInvalidTitle))
            .Accepts<UnlockLinkRequest>("application/json")
            .Produces<UnlockLinkAnswer>(StatusCodes.Status202Accepted)
            .WithName("RequestUnlockLink");
        return app;
    }

    public const string UnlockLinkPath = "/api/account/unlock-link";

    /// <summary>The title of every 400 for an unlock-link body that is malformed or invalid.</summary>
    public const string UnlockLinkInvalidTitle = "The unlock link request is not valid.";

    /// <summary>The one answer to every valid request, whatever the account (ASVS 6.3.8).</summary>
    public sealed record UnlockLinkAnswer(string Message)
    {
        public static readonly UnlockLinkAnswer Sent = new(
            "If the address has an account under a temporary lock, an unlock link is on its way to it. The link works once and expires soon.");
    }

    /// <summary>
    /// Asks for a self-service unlock link. Counted like password resets: per client by the limiter, per account by
    /// <see cref="Protection.PasswordResetThrottle"/>, over whose limit the answer is the same but no mail goes out.
    /// </summary>
    private static async Task<IResult> RequestUnlockLinkAsync(
        UnlockLinkRequest request,
        Protection.PasswordResetThrottle throttle,
        UserManager<AppUser> users,
        Core.Accounts.SelfServiceUnlock unlock,
        CancellationToken cancellationToken)
    {
        if (await throttle.TryAcquireAsync(users.NormalizeEmail(request.Email), cancellationToken))
        {
            await unlock.RequestAsync(request.Email, cancellationToken);
        }

        return TypedResults.Accepted((string?)null, UnlockLinkAnswer.Sent);
    }

    /// <summary>The sign-in body: JSON of at most <see cref="LoginRequest.MaxBodyBytes"/>, refused with the sign-in title.</summary>
    internal static RouteHandlerBuilder WithSignInBody(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new RequestSizeLimitAttribute(LoginRequest.MaxBodyBytes), new ApiBadRequestTitle(InvalidTitle))
            .Accepts<LoginRequest>("application/json");

    /// <summary>The endpoints that take a <see cref="LoginRequest"/>.</summary>
    public static readonly IReadOnlyList<string> SignInPaths = ["/api/account/login", "/api/account/token"];

    /// <summary>The title of every 400 for a sign-in body that is malformed or invalid.</summary>
    public const string InvalidTitle = "The sign-in request is not valid.";

    private static async Task<IResult> LoginAsync(
        LoginRequest request,
        HttpContext http,
        AppSignInManager signInManager,
        IOptionsMonitor<LockoutPolicyOptions> lockout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        // The password and, in the same request, the second factor when the account has one (a wrong code is a failure).
        var result = await signInManager.PasswordAndSecondFactorAsync(new PasswordSignIn(request.Email, request.Password)
        {
            AuthenticatorCode = request.TwoFactorCode,
            RecoveryCode = request.RecoveryCode,
        });
        if (result.Succeeded && await signInManager.UserManager.FindByNameAsync(request.Email) is { PasswordChangeRequired: true })
        {
            // A common password: no session for the API; the user changes it in the browser first.
            await signInManager.SignOutAsync();
            return Problem(Protection.PasswordChangeGate.Problem());
        }

        if (result.Succeeded)
        {
            return TypedResults.Ok(new { signedIn = true });
        }

        return Failure(http, result, lockout.CurrentValue.ShowRemainingAttempts, time.GetUtcNow());
    }

    /// <summary>
    /// The answer to a failed sign-in, for the login and the token endpoints alike: one shape for every cause, the
    /// status telling only what the caller may know.
    /// </summary>
    internal static IResult Failure(HttpContext http, Microsoft.AspNetCore.Identity.SignInResult result, bool show, DateTimeOffset now)
    {
        var problem = new ProblemDetails { Title = "Sign-in failed.", Detail = SignInMessages.For(result, show, now) };
        var decision = (result as AppSignInResult)?.Decision;
        switch (result)
        {
            case AppSignInResult { IsUnavailable: true }:
                problem.Status = StatusCodes.Status503ServiceUnavailable;
                problem.Title = "Sign-in is temporarily unavailable.";
                http.Response.Headers.RetryAfter = "30";
                break;
            case AppSignInResult { RetryAfter: { } wait }:
                problem.Status = StatusCodes.Status503ServiceUnavailable;
                problem.Title = "Sign-in is busy.";
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                if (result is AppSignInResult { Puzzle: { } puzzle })
                {
                    // Solving it and sending the answer with the next try puts that try ahead of unsolved ones.
                    problem.Extensions["puzzle"] = PuzzleOf(puzzle);
                }

                break;
            case AppSignInResult { IsChallenged: true, Puzzle: { } challenge }:
                // After failures or at a high risk: the next try must carry the solved puzzle; nothing was counted.
                problem.Status = StatusCodes.Status428PreconditionRequired;
                problem.Title = "Sign-in needs a solved puzzle first.";
                problem.Extensions["puzzle"] = PuzzleOf(challenge);
                break;
            case { IsLockedOut: true } when decision is not null:
                problem.Status = StatusCodes.Status423Locked;
                problem.Extensions["tier"] = decision.State.Tier;
                problem.Extensions["lockedUntil"] = decision.LockedUntil;
                if (decision.LockedUntil is { } until)
                {
                    var seconds = Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds));
                    http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                break;
            case { IsNotAllowed: true }:
                problem.Status = StatusCodes.Status403Forbidden;
                break;
            case { RequiresTwoFactor: true }:
                problem.Status = StatusCodes.Status401Unauthorized;
                problem.Extensions["twoFactorRequired"] = true;
                break;
            default:
                problem.Status = StatusCodes.Status401Unauthorized;
                if (show && decision?.AttemptsRemaining is { } left)
                {
                    problem.Extensions["attemptsRemaining"] = left;
                }

                break;
        }

        return Problem(problem);
    }

    /// <summary>The <c>puzzle</c> member of a busy or challenged answer.</summary>
    private static object PuzzleOf(Puzzle puzzle) => new
    {
        challenge = puzzle.Challenge,
        difficulty = puzzle.Difficulty,
        expiresAt = puzzle.ExpiresAt,
        algorithm = Puzzle.Algorithm,
        header = Puzzle.HeaderName,
    };

    internal static IResult Invalid(IDictionary<string, string[]> errors) =>
        Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = InvalidTitle });

    /// <summary>
    /// Written without a trace id on purpose: a known and an unknown user name must get byte-identical bodies
    /// (ASVS 6.3.8).
    /// </summary>
    internal static IResult Problem(ProblemDetails problem) =>
        TypedResults.Json(problem, JsonSerializerOptions.Web, "application/problem+json", problem.Status);
}
