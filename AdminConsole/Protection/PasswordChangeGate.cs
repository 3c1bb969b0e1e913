using System.Text.Json;
using AdminConsole.Core.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AdminConsole.Protection;

/// <summary>
/// A session signed in with a common password (<see cref="AppClaimsPrincipalFactory.PasswordChangeClaim"/>) reaches
/// only the change-password page, signing out and what those pages load: browsers are sent to the page with the
/// reason, the API answers 403 problem+json. The claim goes once the password is changed.
/// </summary>
public static class PasswordChangeGate
{
    public const string ChangePath = "/Account/Manage/ChangePassword";

    private static readonly string[] Open = [ChangePath, "/Account/Logout", "/Account/Login", "/Account/ForgotPassword", "/Account/ResetPassword", "/Error", "/not-found"];

    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        // Only what those pages load is let through: endpoints of the app's static assets (scripts, styles, the
        // framework), never a route that merely ends in something like ".csv" or an address with dots.
        if (context.User.HasClaim(c => c.Type == AppClaimsPrincipalFactory.PasswordChangeClaim)
            && !Open.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null
            && !path.StartsWithSegments("/_framework"))
        {
            if (ProtectionResponses.IsApi(context))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(Problem(), JsonSerializerOptions.Web, "application/problem+json");
                return;
            }

            context.Response.Redirect($"{ChangePath}?reason=common-password");
            return;
        }

        await next(context);
    });

    /// <summary>What the API says to a caller whose password must change first (sign-in, token and every other endpoint).</summary>
    public static ProblemDetails Problem() => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Password change required.",
        Detail = "Your password is on a list of commonly used passwords, which attackers try first. Change it at "
            + ChangePath + " (sign in there) or reset it, then sign in again; until then no session or token is issued.",
        Extensions = { ["passwordChangeRequired"] = true },
    };
}
