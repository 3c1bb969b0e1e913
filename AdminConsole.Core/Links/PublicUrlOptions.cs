namespace AdminConsole.Core.Links;

/// <summary>
/// <c>App:PublicBaseUrl</c>: the one address users reach the app at. Every absolute link (in mail, and the
/// passkey relying party) is built from it, never from the request's Host header, which the client chooses.
/// </summary>
public sealed class PublicUrlOptions
{
    public const string Section = "App";

    public const string Key = Section + ":" + nameof(PublicBaseUrl);

    /// <summary>The default in Development only; elsewhere the key must be set.</summary>
    public const string DevelopmentDefault = "http://localhost:5080";

    /// <summary>Scheme, host, optional port and path, e.g. <c>https://console.example.com</c>.</summary>
    public string? PublicBaseUrl { get; set; }
}
