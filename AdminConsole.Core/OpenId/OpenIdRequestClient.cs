using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AdminConsole.Core.OpenId;

/// <summary>Which application a sign-in or token request is for, as the request names it (for the attempt record).</summary>
public static partial class OpenIdRequestClient
{
    public const int MaxLength = 100;

    /// <summary>The path the sign-in pages return to when an application sent the person.</summary>
    public const string AuthorizePath = "/connect/authorize";

    /// <summary>
    /// The client of a sign-in page request: the <c>client_id</c> inside its return URL when that URL is the authorize
    /// endpoint. Only a well-formed id is kept (the value is the requester's: it names, it proves nothing).
    /// </summary>
    public static string? OfSignIn(HttpContext? context)
    {
        var returnUrl = context?.Request.Query["ReturnUrl"].ToString();
        if (string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith(AuthorizePath + "?", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Clean(QueryHelpers.ParseQuery(returnUrl[AuthorizePath.Length..]).TryGetValue("client_id", out var id) ? id.ToString() : null);
    }

    /// <summary>A client id fit to store, or null.</summary>
    public static string? Clean(string? clientId) => clientId is not null && ClientIdPattern().IsMatch(clientId) ? clientId : null;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex ClientIdPattern();
}
