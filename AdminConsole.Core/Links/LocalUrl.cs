namespace AdminConsole.Core.Links;

/// <summary>
/// The one rule for a return URL, which is data an attacker chose: it is local when it is a path on this site,
/// either rooted (<c>/admin</c>, not <c>//host</c>) or relative to the app's base (<c>Account/Manage</c>), with no
/// scheme, no backslash (browsers read it as a slash), and no space or control character (browsers drop some of
/// them, so <c>/\t/host</c> is <c>//host</c>). Checked before anything parses the URL: Blazor's
/// <c>NavigationManager.ToBaseRelativePath</c> and <c>LocalRedirect</c> throw on a URL that is not local.
/// </summary>
public static class LocalUrl
{
    /// <summary>Whether <paramref name="url"/> is a path on this site.</summary>
    public static bool IsLocal([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Any(c => c <= ' ' || c == '\\' || char.IsControl(c)))
        {
            return false;
        }

        if (url[0] == '/')
        {
            return url.Length == 1 || url[1] != '/';
        }

        // Relative to the base: no scheme before the path, query or fragment begins ("javascript:", "https:").
        var end = url.IndexOfAny(['/', '?', '#']);
        return url[0] != '~' && !(end < 0 ? url : url[..end]).Contains(':', StringComparison.Ordinal);
    }

    /// <summary><paramref name="url"/> when it is local, otherwise null (the caller's default applies).</summary>
    public static string? OrNull(string? url) => IsLocal(url) ? url : null;
}
