using Microsoft.AspNetCore.WebUtilities;

namespace AdminConsole.Core.Links;

/// <summary>Absolute links into the app, all under <c>App:PublicBaseUrl</c>.</summary>
public sealed class PublicLinks(IOptionsMonitor<PublicUrlOptions> options)
{
    /// <summary>The configured base, always ending in '/'.</summary>
    public Uri Base => TryParseBase(options.CurrentValue.PublicBaseUrl, out var root)
        ? root
        : throw new InvalidOperationException($"{PublicUrlOptions.Key} is not a valid absolute URL.");

    /// <summary>The origin (scheme, host, port) of the base, as browsers send it in WebAuthn client data.</summary>
    public string Origin => Base.GetLeftPart(UriPartial.Authority);

    /// <summary>An absolute link to <paramref name="path"/> (relative to the base) with the query values given.</summary>
    public string To(string path, IEnumerable<KeyValuePair<string, string?>>? query = null)
    {
        var url = new Uri(Base, path.TrimStart('/')).AbsoluteUri;
        return query is null ? url : QueryHelpers.AddQueryString(url, query.Where(p => p.Value is not null));
    }

    /// <summary>Whether <paramref name="url"/> is under the configured base.</summary>
    public bool IsUnderBase(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && Base.IsBaseOf(uri)
        && uri.GetLeftPart(UriPartial.Authority).Equals(Origin, StringComparison.OrdinalIgnoreCase);

    public static bool TryParseBase(string? value, out Uri root)
    {
        root = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        root = uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        return true;
    }
}
